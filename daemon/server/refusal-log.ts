/** What the rate-limited log needs of pino. */
interface WarnLogger {
  warn(obj: object, msg: string): void;
}

/** Default window: one line per this many ms at most. */
export const REFUSAL_LOG_WINDOW_MS = 10_000;

/**
 * Warnings about refused connections, at most one line per window: a client
 * that reconnects in a loop must not fill the journal (journald's own rate
 * limit would then drop everyone's lines). The first refusal is logged at
 * once; those that follow within the window are counted, by reason, and
 * logged as one line when it ends.
 */
export class RefusalLog {
  private counts = new Map<string, number>();
  private last: Record<string, unknown> = {};
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly log: WarnLogger, private readonly windowMs = REFUSAL_LOG_WINDOW_MS) {}

  /** `reason` is the key counts are grouped by; `text` the line logged when it is the first. */
  refused(reason: string, text: string, detail: Record<string, unknown> = {}): void {
    if (this.timer === undefined) {
      this.log.warn({ reason, ...detail }, text);
      this.timer = setTimeout(() => this.flush(), this.windowMs).unref();
      return;
    }
    this.counts.set(reason, (this.counts.get(reason) ?? 0) + 1);
    this.last = detail;
  }

  /** Stop the timer (daemon shutdown); pending counts are logged. */
  close(): void {
    clearTimeout(this.timer);
    this.flush(false);
  }

  private flush(rearm = true): void {
    this.timer = undefined;
    if (this.counts.size === 0) return;
    const byReason = Object.fromEntries(this.counts);
    const total = [...this.counts.values()].reduce((a, b) => a + b, 0);
    this.counts = new Map();
    this.log.warn({ refused: total, byReason, last: this.last, windowMs: this.windowMs },
      `refused ${total} more connection${total === 1 ? '' : 's'} in the last ${Math.round(this.windowMs / 1000)} s`);
    // Keep counting in a new window, so a steady stream of refusals still gives one line per window.
    if (rearm) this.timer = setTimeout(() => this.flush(), this.windowMs).unref();
  }
}
