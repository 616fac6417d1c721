/** How a lease waits; tests pass a fake clock. */
export interface LeaseTimers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const realTimers: LeaseTimers = {
  // unref: a held slot alone must not keep a process alive (the listening socket does that).
  set: (fn, ms) => setTimeout(fn, ms).unref(),
  clear: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/**
 * One timer per held slot, started at acquire and ended by present, release
 * or disconnect; when it fires the slot is revoked. No slot held, no timer:
 * an idle daemon stays idle. `ms` 0 turns leases off.
 */
export class SlotLeases {
  private readonly timers = new Map<number, unknown>();

  constructor(readonly ms: number, private readonly expire: (slot: number) => void, private readonly clock: LeaseTimers = realTimers) {}

  start(slot: number): void {
    if (this.ms <= 0) return;
    this.end(slot);
    this.timers.set(slot, this.clock.set(() => {
      this.timers.delete(slot);
      this.expire(slot);
    }, this.ms));
  }

  end(slot: number): void {
    const handle = this.timers.get(slot);
    if (handle === undefined) return;
    this.clock.clear(handle);
    this.timers.delete(slot);
  }

  /** Shutting down: no lease may fire after the slot memory is unmapped. */
  endAll(): void {
    for (const slot of [...this.timers.keys()]) this.end(slot);
  }

  /** Timers running now (tests: none when nothing is held). */
  get running(): number {
    return this.timers.size;
  }
}
