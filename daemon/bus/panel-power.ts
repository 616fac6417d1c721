import type { Logger } from 'pino';
import { SpifbError } from '../../protocol/errors.js';
import type { Bus } from './bus.js';

/** MIPI DCS 1.02 commands for blanking (ILI9341 §8.2 numbers). */
const SLPIN = 0x10; // §8.2.11: wait 5 ms before the next command
const SLPOUT = 0x11; // §8.2.12: wait 120 ms before Sleep In / display on
const DISPOFF = 0x28; // §8.2.18
const DISPON = 0x29; // §8.2.19
const RAMWR = 0x2c;
const RAMWRC = 0x3c; // §8.2.34: continue a memory write where it stopped

export interface PowerState {
  /** Backlight level 0..100 the user asked for (shown whenever not blanked or idle). */
  level: number;
  blanked: boolean;
}

export interface PanelPowerOptions {
  level: number;
  /** Dim to `idleLevel` after this long without pixels; 0 = never. */
  idleMs: number;
  idleLevel: number;
  logger: Logger;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Backlight, blank and idle dimming for the panel, on the same bus as the
 * frames. It wraps the bus the panel driver uses and slips its own commands
 * in only between whole memory writes (never between RAMWR and its pixels,
 * where a command would end the write), so it needs nothing from the frame
 * path and never collides with a transfer. Requests are applied in order.
 *
 * The backlight is first switched on after the panel's first DISPON, so the
 * power-on GRAM noise and the init never show.
 */
export class PanelPower implements Bus {
  readonly kind: string;
  private state: PowerState;
  private queue: Array<() => Promise<void>> = [];
  /** Resolves when the running power work ends; undefined when none runs. */
  private holding: Promise<void> | undefined;
  private writeOpen = false;
  private writeInterrupted = false;
  private lit = false;
  private dimmed = false;
  private idleTimer: NodeJS.Timeout | undefined;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly inner: Bus, private readonly o: PanelPowerOptions) {
    this.kind = inner.kind;
    this.state = { level: o.level, blanked: false };
    this.sleep = o.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  get power(): PowerState {
    return { ...this.state };
  }

  /** Set the backlight level; remembered while blanked. Resolves when applied. */
  setBacklight(level: number): { state: PowerState; applied: Promise<void> } {
    this.state.level = level;
    return { state: this.power, applied: this.enqueue(async () => this.applyBacklight()) };
  }

  /** Blank (backlight off, DISPOFF, SLPIN) or unblank (SLPOUT, DISPON, backlight). */
  blank(on: boolean): { state: PowerState; applied: Promise<void> } {
    const was = this.state.blanked;
    this.state.blanked = on;
    const applied = was === on ? this.enqueue(async () => {}) : this.enqueue(async () => {
      if (on) {
        await this.inner.backlight(0);
        await this.inner.command(DISPOFF);
        await this.inner.command(SLPIN);
        await this.sleep(5);
      } else {
        await this.inner.command(SLPOUT);
        await this.sleep(120);
        await this.inner.command(DISPON);
        this.dimmed = false;
        await this.applyBacklight();
        this.touch();
      }
    });
    return { state: this.power, applied };
  }

  command(cmd: number, params?: Uint8Array): Promise<void> {
    return this.panelCall(async () => {
      await this.inner.command(cmd, params);
      this.lastWasPixels = false;
      this.writeOpen = cmd === RAMWR || cmd === RAMWRC;
      this.writeInterrupted = false;
      if (cmd === DISPON && !this.lit) {
        this.lit = true;
        await this.applyBacklight();
        this.touch();
      }
    });
  }

  pixels(bytes: Uint8Array): Promise<void> {
    return this.panelCall(async () => {
      if (this.writeInterrupted) await this.inner.command(RAMWRC);
      this.writeInterrupted = false;
      if (this.dimmed && !this.state.blanked) {
        this.dimmed = false;
        await this.inner.backlight(this.state.level);
      }
      await this.inner.pixels(bytes);
      this.lastWasPixels = true;
      this.writeOpen = false;
      this.touch();
    });
  }

  reset(): Promise<void> {
    return this.panelCall(() => this.inner.reset());
  }

  backlight(level: number): Promise<void> {
    return this.setBacklight(level).applied;
  }

  async close(): Promise<void> {
    clearTimeout(this.idleTimer);
    this.queue = [];
    // A call parked on a bus that was given up on never settles: wait for the
    // one in progress, but not for ever, so shutdown always completes.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.holding, new Promise((resolve) => (timer = setTimeout(resolve, 2000)))]);
    clearTimeout(timer);
    await this.inner.close();
  }

  private async applyBacklight(): Promise<void> {
    if (!this.lit || this.state.blanked) return;
    await this.inner.backlight(this.dimmed ? Math.min(this.o.idleLevel, this.state.level) : this.state.level);
  }

  /** Restart the idle timer after activity. */
  private touch(): void {
    if (this.o.idleMs <= 0) return;
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      void this.enqueue(async () => {
        if (this.state.blanked || this.dimmed) return;
        this.dimmed = true;
        await this.applyBacklight();
      }).catch(() => {});
    }, this.o.idleMs);
    this.idleTimer.unref();
  }

  /** Panel calls wait while power work runs, and let queued work run first between memory writes. */
  private async panelCall(work: () => Promise<void>): Promise<void> {
    while (this.holding) await this.holding;
    if (this.queue.length > 0 && !this.writeOpen) await this.runQueue();
    this.busy = true;
    try {
      await work();
    } finally {
      this.busy = false;
    }
    if (this.queue.length > 0 && !this.writeOpen && !this.holding) void this.runQueue();
  }

  private enqueue(work: () => Promise<void>): Promise<void> {
    const done = new Promise<void>((resolve, reject) => {
      this.queue.push(() => work().then(resolve, (err: unknown) => {
        this.o.logger.error({ err }, 'backlight/blank failed');
        reject(err instanceof SpifbError ? err : new SpifbError('EBUS', String(err)));
      }));
    });
    // Run now if the bus is idle between writes; otherwise the next panel call (or the current one ending) runs it.
    queueMicrotask(() => {
      if (!this.holding && !this.busy && !this.writeOpen) void this.runQueue();
    });
    return done;
  }

  /** A panel call is on the bus. */
  private busy = false;
  /** The last panel call was pixels: the write may go on with more pixels. */
  private lastWasPixels = false;

  private async runQueue(): Promise<void> {
    if (this.holding) return this.holding;
    let release!: () => void;
    this.holding = new Promise((resolve) => (release = resolve));
    try {
      while (this.queue.length > 0) {
        const next = this.queue.shift()!;
        await next().catch(() => {});
      }
      // Commands in between ended the memory write; more pixels must continue it with RAMWRC.
      if (this.lastWasPixels) this.writeInterrupted = true;
    } finally {
      this.holding = undefined;
      release();
    }
  }
}
