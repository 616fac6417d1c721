import type { Bus } from './bus.js';
import { BusGuard } from './bus-guard.js';
import type { SimPanel } from '../sim/sim-panel.js';
import type { DbiTraceWriter } from '../sim/dbi-trace.js';
import type { WireClock } from './wire-clock.js';

/**
 * The bus of the simulated panel: every byte goes to the DCS decoder exactly
 * as a real controller would receive it (command byte with DC low, the rest
 * with DC high) and, when a trace is open, into the DBI trace file.
 */
export class SimBus implements Bus {
  readonly kind = 'sim';
  private readonly guard = new BusGuard();
  private level = 100;

  /**
   * `clock`, when given, makes every transfer take the wire time of a real
   * bus (`--bus-hz`); without it the bus is as fast as the decoder.
   */
  constructor(
    readonly panel: SimPanel,
    private readonly trace?: DbiTraceWriter,
    readonly clock?: WireClock,
  ) {}

  command(cmd: number, params?: Uint8Array): Promise<void> {
    return this.guard.run('command', async () => {
      this.panel.command(cmd);
      this.trace?.command(Uint8Array.of(cmd));
      if (params && params.length > 0) {
        this.panel.data(params);
        this.trace?.data(params);
      }
      // DC low for the command byte, then DC high for its parameters: two transfers.
      if (this.clock) {
        await this.clock.transfer(1);
        if (params && params.length > 0) await this.clock.transfer(params.length);
      }
    });
  }

  pixels(bytes: Uint8Array): Promise<void> {
    return this.guard.run('pixels', async () => {
      this.panel.data(bytes);
      this.trace?.data(bytes);
      await this.clock?.transfer(bytes.length);
    });
  }

  reset(): Promise<void> {
    return this.guard.run('reset', async () => {
      this.panel.hardwareReset();
      this.trace?.reset();
    });
  }

  backlight(level: number): Promise<void> {
    return this.guard.run('backlight', () => {
      this.level = Math.max(0, Math.min(100, level));
    });
  }

  get backlightLevel(): number {
    return this.level;
  }

  /** Make the trace readable by another process up to this point. */
  flushTrace(): void {
    this.trace?.flush();
  }

  async close(): Promise<void> {
    if (this.guard.close()) this.trace?.close();
  }
}
