import type { Bus } from '../../daemon/bus/bus.js';
import { SysError } from '../../daemon/sys/libc.js';

type Call = 'command' | 'pixels' | 'reset' | 'backlight';

/**
 * Test-only Bus wrapper that injects what real hardware does: EIO from a
 * transfer (as spidev's SPI_IOC_MESSAGE ioctl returns it) or a transfer that
 * never completes. The wrapped bus (the simulated one) keeps its own
 * semantics; a failed call never reaches it, like a transfer the controller
 * rejected before clocking a byte.
 */
export class FaultyBus implements Bus {
  readonly kind: string;
  private failures: Array<{ on?: Call; left: number }> = [];
  private gate: Promise<void> | undefined;
  private open: (() => void) | undefined;
  readonly calls: Record<Call, number> = { command: 0, pixels: 0, reset: 0, backlight: 0 };
  injected = 0;

  constructor(readonly inner: Bus) {
    this.kind = inner.kind;
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

  command(cmd: number, params?: Uint8Array): Promise<void> {
    return this.call('command', () => this.inner.command(cmd, params));
  }

  pixels(bytes: Uint8Array): Promise<void> {
    return this.call('pixels', () => this.inner.pixels(bytes));
  }

  reset(): Promise<void> {
    return this.call('reset', () => this.inner.reset());
  }

  backlight(level: number): Promise<void> {
    return this.call('backlight', () => this.inner.backlight(level));
  }

  close(): Promise<void> {
    this.release();
    return this.inner.close();
  }

  private async call(kind: Call, work: () => Promise<void>): Promise<void> {
    this.calls[kind]++;
    if (this.gate) await this.gate;
    const f = this.failures.find((x) => x.left > 0 && (x.on === undefined || x.on === kind));
    if (f) {
      f.left--;
      this.injected++;
      throw new SysError('ioctl', 5, 'EIO', 'SPI_IOC_MESSAGE(1)');
    }
    await work();
  }
}
