import type { Bus, FrameProgram } from '../../daemon/bus/bus.js';
import { SysError } from '../../daemon/sys/libc.js';

type Call = 'run' | 'reset' | 'backlight';

/**
 * Test-only Bus wrapper that injects what real hardware does: EIO from a
 * transfer (as spidev's SPI_IOC_MESSAGE ioctl returns it) or a transfer that
 * never completes. The wrapped bus (the simulated one) keeps its own
 * semantics; a failed call never reaches it, like a transfer the controller
 * rejected before clocking a byte.
 */
export class FaultyBus implements Bus {
  readonly kind: string;
  readonly hasTe: boolean;
  private failures: Array<{ on?: Call; left: number }> = [];
  private gate: Promise<void> | undefined;
  private open: (() => void) | undefined;
  readonly calls: Record<Call, number> = { run: 0, reset: 0, backlight: 0 };
  injected = 0;

  constructor(readonly inner: Bus) {
    this.kind = inner.kind;
    this.hasTe = inner.hasTe;
  }

  /** The next `n` calls (of kind `on`, if given) fail with EIO. */
  failNext(n: number, on?: Call): void {
    this.failures.push({ on, left: n });
  }

  /** Calls from now on hang until release(). */
  hang(): void {
    this.gate ??= new Promise((r) => (this.open = r));
  }

  release(): void {
    this.open?.();
    this.gate = undefined;
  }

  run(program: FrameProgram): Promise<void> {
    return this.call('run', () => this.inner.run(program));
  }

  reset(): Promise<boolean> {
    return this.call('reset', () => this.inner.reset());
  }

  backlight(level: number): Promise<void> {
    return this.call('backlight', () => this.inner.backlight(level));
  }

  close(): Promise<void> {
    this.release();
    return this.inner.close();
  }

  private async call<T>(kind: Call, work: () => Promise<T>): Promise<T> {
    this.calls[kind]++;
    if (this.gate) await this.gate;
    const f = this.failures.find((x) => x.left > 0 && (x.on === undefined || x.on === kind));
    if (f) {
      f.left--;
      this.injected++;
      throw new SysError('ioctl', 5, 'EIO', 'SPI_IOC_MESSAGE(1)');
    }
    return work();
  }
}
