import type { Logger } from 'pino';
import type { Bus } from '../bus/bus.js';
import { SpifbError } from '../../protocol/errors.js';
import type { CommandSet } from './command-set.js';
import type { ProgramBuilder } from './program-builder.js';

export interface PowerState {
  /** Backlight level 0..100 the user asked for (shown whenever not blanked or idle). */
  level: number;
  blanked: boolean;
}

export interface PanelPowerOptions {
  level: number;
  /** Dim to `idleLevel` after this long without a frame; 0 = never. */
  idleMs: number;
  idleLevel: number;
  logger?: Pick<Logger, 'error'>;
  sleep: (ms: number) => Promise<void>;
}

/** What PanelPower needs of its panel: the one bus queue and the controller's commands. */
export interface PowerHost {
  readonly commands: CommandSet;
  exclusive<T>(work: (bus: Bus) => Promise<T>): Promise<T>;
  program(): ProgramBuilder;
}

/**
 * Backlight, blank and idle dimming, in the controller's own commands. Each
 * change runs through the panel's bus queue as a whole, so it lands between
 * frames. The backlight first comes on when the panel's init has turned the
 * display on, so the power-on GRAM noise and the init never show.
 *
 * Blank: backlight off, display off, then sleep in where the controller
 * sleeps separately (DCS 28h, 10h and 5 ms, ILI9341 §8.2.11; SSD1351: AEh,
 * which is its sleep). Unblank: sleep out and 120 ms (ILI9341 §8.2.12),
 * display on, backlight. The panel keeps its memory while asleep, so the
 * last frame comes back.
 */
export class PanelPower {
  private state: PowerState;
  private lit = false;
  private dimmed = false;
  private idleTimer: NodeJS.Timeout | undefined;

  constructor(private readonly host: PowerHost, private readonly o: PanelPowerOptions) {
    this.state = { level: o.level, blanked: false };
  }

  get power(): PowerState {
    return { ...this.state };
  }

  /** Set the backlight level; remembered while blanked. `applied` resolves once it is on the pin. */
  setBacklight(level: number): { state: PowerState; applied: Promise<void> } {
    this.state.level = level;
    return { state: this.power, applied: this.queue((bus) => this.applyBacklight(bus)) };
  }

  blank(on: boolean): { state: PowerState; applied: Promise<void> } {
    const was = this.state.blanked;
    this.state.blanked = on;
    if (was === on) return { state: this.power, applied: this.queue(async () => {}) };
    const cs = this.host.commands;
    const applied = this.queue(async (bus) => {
      if (on) {
        await bus.backlight(0);
        const p = this.host.program().command(cs.displayOff);
        if (cs.sleepIn !== undefined) p.command(cs.sleepIn);
        await bus.run(p.build());
        if (cs.sleepIn !== undefined) await this.o.sleep(5);
      } else {
        if (cs.sleepOut !== undefined) {
          await bus.run(this.host.program().command(cs.sleepOut).build());
          await this.o.sleep(120);
        }
        await bus.run(this.host.program().command(cs.displayOn).build());
        this.dimmed = false;
        await this.applyBacklight(bus);
        this.touch();
      }
    });
    return { state: this.power, applied };
  }

  /** Called by the panel's init, with the bus held, once the display is on. */
  async lightUp(bus: Bus): Promise<void> {
    this.lit = true;
    await this.applyBacklight(bus);
    this.touch();
  }

  /** Called with the bus held before a frame: an idle-dimmed backlight comes back. */
  async beforeFrame(bus: Bus): Promise<void> {
    if (this.dimmed && !this.state.blanked) {
      this.dimmed = false;
      await bus.backlight(this.state.level);
    }
  }

  /** Called after a frame went out: it restarts the idle timer. */
  afterFrame(): void {
    this.touch();
  }

  close(): void {
    clearTimeout(this.idleTimer);
  }

  private queue(work: (bus: Bus) => Promise<void>): Promise<void> {
    return this.host.exclusive(work).catch((err: unknown) => {
      this.o.logger?.error({ err }, 'backlight/blank failed');
      throw err instanceof SpifbError ? err : new SpifbError('EBUS', String(err));
    });
  }

  private async applyBacklight(bus: Bus): Promise<void> {
    if (!this.lit || this.state.blanked) return;
    await bus.backlight(this.dimmed ? Math.min(this.o.idleLevel, this.state.level) : this.state.level);
  }

  /** Restart the idle timer after activity. */
  private touch(): void {
    if (this.o.idleMs <= 0) return;
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      void this.queue(async (bus) => {
        if (this.state.blanked || this.dimmed) return;
        this.dimmed = true;
        await this.applyBacklight(bus);
      }).catch(() => {});
    }, this.o.idleMs);
    this.idleTimer.unref();
  }
}
