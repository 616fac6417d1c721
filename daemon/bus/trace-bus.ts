import type { DbiTraceWriter } from '../sim/dbi-trace.js';
import type { Bus, FrameProgram } from './bus.js';

/**
 * `--trace FILE` on any bus: records what the wrapped bus is asked to put on
 * the wire, segment by segment, as a DBI trace (protocol/README.md) — command
 * segments as kind 0, data as kind 1, a reset pulse as kind 2 — after the
 * inner bus has sent them, so a failed transfer is not recorded as sent.
 */
export class TraceBus implements Bus {
  readonly kind: string;
  readonly hasTe: boolean;

  constructor(private readonly inner: Bus, private readonly trace: DbiTraceWriter) {
    this.kind = inner.kind;
    this.hasTe = inner.hasTe;
  }

  async run(program: FrameProgram): Promise<void> {
    await this.inner.run(program);
    for (const s of program.segments) {
      if (s.op === 'command') this.trace.command(s.bytes);
      else if (s.op === 'data') this.trace.data(s.bytes);
    }
  }

  async reset(): Promise<boolean> {
    const pulsed = await this.inner.reset();
    if (pulsed) this.trace.reset();
    return pulsed;
  }

  backlight(level: number): Promise<void> {
    return this.inner.backlight(level);
  }

  /** Make the trace readable by another process up to this point. */
  flush(): void {
    this.trace.flush();
  }

  async close(): Promise<void> {
    await this.inner.close();
    this.trace.close();
  }
}
