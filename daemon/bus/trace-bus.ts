import { pino, type Logger } from 'pino';
import type { DbiTraceWriter } from '../sim/dbi-trace.js';
import type { Bus, FrameProgram } from './bus.js';

/**
 * `--trace FILE` on any bus: records what the wrapped bus is asked to put on
 * the wire, segment by segment, as a DBI trace (protocol/README.md) — command
 * segments as kind 0, data as kind 1, a reset pulse as kind 2 — after the
 * inner bus has sent them, so a failed transfer is not recorded as sent.
 *
 * The trace is a diagnostic: a write error (a full disk) stops tracing, is
 * logged once, and never fails a program — else RetryBus would retry a frame
 * that reached the glass, and shutdown would stop at a bus that cannot close.
 */
export class TraceBus implements Bus {
  readonly kind: string;
  readonly hasTe: boolean;
  private stopped = false;

  constructor(private readonly inner: Bus, private readonly trace: DbiTraceWriter, private readonly logger: Logger = pino({ level: 'silent' })) {
    this.kind = inner.kind;
    this.hasTe = inner.hasTe;
  }

  async run(program: FrameProgram): Promise<void> {
    await this.inner.run(program);
    this.record(() => {
      for (const s of program.segments) {
        if (s.op === 'command') this.trace.command(s.bytes);
        else if (s.op === 'data') this.trace.data(s.bytes);
      }
    });
  }

  async reset(): Promise<boolean> {
    const pulsed = await this.inner.reset();
    if (pulsed) this.record(() => this.trace.reset());
    return pulsed;
  }

  backlight(level: number): Promise<void> {
    return this.inner.backlight(level);
  }

  /** Make the trace readable by another process up to this point. */
  flush(): void {
    this.record(() => this.trace.flush());
  }

  async close(): Promise<void> {
    await this.inner.close();
    this.record(() => this.trace.close());
  }

  private record(write: () => void): void {
    if (this.stopped) return;
    try {
      write();
    } catch (err) {
      this.stopped = true;
      this.logger.error({ err, file: this.trace.path }, 'DBI trace write failed; tracing stopped, frames go on');
    }
  }
}
