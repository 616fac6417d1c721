import { wireSeconds, type WireCostModel } from './wire-cost.js';

/**
 * Virtual wire time for the simulated bus (`--bus-hz`): each transfer takes
 * bytes × 8 / hz plus a fixed per-transfer overhead, one after another, as on
 * a real SPI controller. The caller is held back only when the wire is more
 * than `fifoMs` (default 4) ahead of real time — like a transmit queue — so timer
 * granularity never leaves the modelled wire idle.
 */
export interface WireClockOptions extends Pick<WireCostModel, 'hz' | 'transferOverheadUs'> {
  fifoMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export class WireClock {
  private freeAt = 0;
  /** Total modelled wire time, ms. */
  busyMs = 0;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly fifoMs: number;

  constructor(private readonly opts: WireClockOptions) {
    this.now = opts.now ?? (() => performance.now());
    this.sleep = opts.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.fifoMs = opts.fifoMs ?? 4;
  }

  /** Account for one transfer of `bytes`; resolves when the caller may go on. */
  async transfer(bytes: number): Promise<void> {
    const ms = wireSeconds({ ...this.opts, bytesPerPixel: 2 }, bytes, 1) * 1000;
    const start = Math.max(this.now(), this.freeAt);
    this.freeAt = start + ms;
    this.busyMs += ms;
    const ahead = this.freeAt - this.now();
    if (ahead > this.fifoMs) await this.sleep(ahead - this.fifoMs);
  }

  /** When the last transfer accounted for leaves the wire (performance.now() ms). */
  get idleAt(): number {
    return this.freeAt;
  }
}
