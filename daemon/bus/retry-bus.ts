import { EventEmitter } from 'node:events';
import type { Logger } from 'pino';
import type { Bus, FrameProgram } from './bus.js';

export interface RetryPolicy {
  /** First wait after a failure; doubles each time. */
  baseMs: number;
  /** Longest wait between two attempts. */
  maxMs: number;
}

/** Counters for STATUS= and logs. */
export interface BusFaults {
  /** Bus calls that failed (each attempt counts). */
  failures: number;
  /** Calls that succeeded after one or more failures. */
  recoveries: number;
  /** True from a failure until the next success. */
  failing: boolean;
  lastError?: string;
}

export interface RetryEvent {
  what: string;
  attempt: number;
  delayMs: number;
  error: string;
}

type Sleep = (ms: number, signal: AbortSignal) => Promise<void>;
const abortableSleep: Sleep = (ms, signal) =>
  new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });

/**
 * Wraps the real bus so a failing transfer (EIO from spidev, a GPIO line
 * gone) is retried with exponential backoff instead of taking the daemon
 * down: the call that failed waits and tries again until it succeeds, so
 * the frame path simply pauses (presents coalesce meanwhile, latest wins) and
 * the daemon never exits into a systemd restart loop.
 *
 * A failed program is run again whole, its `retryPrologue` first: after an
 * error the controller's state is unknown, and the panel that built the
 * program put there whatever it skipped because the controller already held
 * it (a window register). The bus itself never looks at the bytes.
 *
 * Emits `retry` before each wait and `recovered` on the first success after
 * a failure.
 */
export class RetryBus extends EventEmitter<{ retry: [RetryEvent]; recovered: [number] }> implements Bus {
  readonly kind: string;
  readonly hasTe: boolean;
  readonly faults: BusFaults = { failures: 0, recoveries: 0, failing: false };
  private readonly stop = new AbortController();
  /** When the inner call now running started; undefined between calls and during backoff waits. */
  private callStart: number | undefined;

  constructor(
    private readonly inner: Bus,
    private readonly policy: RetryPolicy,
    private readonly logger: Logger,
    private readonly sleep: Sleep = abortableSleep,
    private readonly now: () => number = () => performance.now(),
  ) {
    super();
    this.kind = inner.kind;
    this.hasTe = inner.hasTe;
  }

  /** How long the inner call now running has taken (0 when none runs): the watchdog's frame-path probe. */
  busyMs(): number {
    return this.callStart === undefined ? 0 : this.now() - this.callStart;
  }

  run(program: FrameProgram): Promise<void> {
    return this.retry('run', async (attempt) => {
      const again = attempt > 0 && program.retryPrologue && program.retryPrologue.length > 0;
      await this.inner.run(again ? { segments: [...program.retryPrologue!, ...program.segments] } : program);
    });
  }

  async reset(): Promise<boolean> {
    let pulsed = false;
    await this.retry('reset', async () => {
      pulsed = await this.inner.reset();
    });
    return pulsed;
  }

  backlight(level: number): Promise<void> {
    return this.retry('backlight', () => this.inner.backlight(level));
  }

  /**
   * Shutting down: stop retrying. A call in backoff, and any later call that
   * fails, is parked — it never settles — rather than rejected: the frame
   * path above would only requeue the frame and spin on a dead bus. Pending
   * promises hold no timer, so the process still exits.
   */
  giveUp(): void {
    this.stop.abort();
  }

  /** Resolves once a call has been parked after giveUp(): wait for this or for the frame path to drain. */
  private onParked = (): void => {};
  readonly parked: Promise<void> = new Promise((resolve) => (this.onParked = resolve));

  private park(): Promise<never> {
    this.logger.warn('shutting down with the bus failing; the frame on the wire is dropped');
    this.onParked();
    return new Promise<never>(() => {});
  }

  async close(): Promise<void> {
    this.giveUp();
    await this.inner.close();
  }

  private async retry(what: string, call: (attempt: number) => Promise<void>): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      this.callStart = this.now();
      try {
        await call(attempt);
        this.callStart = undefined;
        if (this.faults.failing) {
          this.faults.failing = false;
          this.faults.recoveries++;
          this.logger.info({ what, attempts: attempt + 1 }, 'bus recovered');
          this.emit('recovered', attempt + 1);
        }
        return;
      } catch (err) {
        this.callStart = undefined;
        const error = err instanceof Error ? err.message : String(err);
        this.faults.failures++;
        this.faults.failing = true;
        this.faults.lastError = error;
        if (this.stop.signal.aborted) return this.park();
        const delayMs = Math.min(this.policy.maxMs, this.policy.baseMs * 2 ** Math.min(attempt, 30));
        // Loud for the first failure of a run, then quieter: a dead bus must not flood the journal.
        const level = attempt === 0 ? 'error' : 'warn';
        this.logger[level]({ what, attempt: attempt + 1, delayMs, err }, 'bus transfer failed; retrying');
        this.emit('retry', { what, attempt: attempt + 1, delayMs, error });
        await this.sleep(delayMs, this.stop.signal);
        if (this.stop.signal.aborted) return this.park();
      }
    }
  }
}
