import type { Bus, FrameProgram } from './bus.js';
import { BusGuard } from './bus-guard.js';
import type { SimPanel } from '../sim/sim-panel.js';
import type { WireClock } from './wire-clock.js';

/**
 * The bus of the simulated panel: every byte goes to the DCS decoder exactly
 * as a real controller would receive it — command segments with DC low (one
 * command cycle per byte), data with DC high. It has a reset pin and no TE
 * pin, so `wait-te` markers never appear in its programs.
 */
export class SimBus implements Bus {
  readonly kind = 'sim';
  readonly hasTe = false;
  private readonly guard = new BusGuard();
  private level = 100;

  /**
   * `clock`, when given, makes every transfer take the wire time of a real
   * bus (`--bus-hz`); without it the bus is as fast as the decoder.
   */
  constructor(
    readonly panel: SimPanel,
    readonly clock?: WireClock,
  ) {}

  run(program: FrameProgram): Promise<void> {
    return this.guard.run('run', async () => {
      for (const s of program.segments) {
        if (s.op === 'wait-te') continue;
        if (s.op === 'command') for (const b of s.bytes) this.panel.command(b);
        else this.panel.data(s.bytes);
        // One transfer per segment: DC changes between them.
        if (this.clock && s.bytes.length > 0) await this.clock.transfer(s.bytes.length);
      }
    });
  }

  reset(): Promise<boolean> {
    return this.guard.run('reset', () => {
      this.panel.hardwareReset();
      return true;
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

  async close(): Promise<void> {
    this.guard.close();
  }
}
