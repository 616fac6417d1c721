import type { Bus } from '../bus/bus.js';
import type { Rect } from '../../protocol/rect.js';
import { COLMOD_16BIT, COLMOD_18BIT, DCS } from './dcs.js';
import type { Rotation } from './madctl.js';
import type { PanelSpec } from './panel-spec.js';
import { logicalWindow, type LogicalWindow } from './window.js';
import { packRect, wireBytesPerPixel } from './wire-pack.js';

export type Sleep = (ms: number) => Promise<void>;
const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A generic MIPI-DCS panel driver: init sequence, then windows
 * (CASET/RASET/RAMWR) filled from the rgb565 framebuffer. Everything
 * controller-specific is in the PanelSpec.
 */
export class DcsPanel {
  readonly madctl: number;
  readonly window: LogicalWindow;
  readonly bytesPerPixel: number;

  constructor(
    readonly spec: PanelSpec,
    readonly rotation: Rotation,
    private readonly bus: Bus,
    private readonly sleep: Sleep = realSleep,
  ) {
    this.madctl = spec.madctl[rotation];
    this.window = logicalWindow(spec, this.madctl);
    this.bytesPerPixel = wireBytesPerPixel(spec.wireFormat);
  }

  get width(): number {
    return this.window.width;
  }

  get height(): number {
    return this.window.height;
  }

  /**
   * Reset and configure the controller, clear the visible area to black, then
   * turn the display on — so the power-on GRAM noise never shows.
   */
  async init(): Promise<void> {
    const { bus, spec } = this;
    this.lastColumns = this.lastPages = -1;
    await bus.reset();
    for (const step of spec.init) {
      await bus.command(step.cmd, step.params ? Uint8Array.from(step.params) : undefined);
      if (step.delayMs) await this.sleep(step.delayMs);
    }
    await bus.command(DCS.SET_PIXEL_FORMAT, Uint8Array.of(spec.wireFormat === 'rgb565' ? COLMOD_16BIT : COLMOD_18BIT));
    await bus.command(DCS.SET_ADDRESS_MODE, Uint8Array.of(this.madctl));
    await bus.command(spec.invert ? DCS.INVERT_ON : DCS.INVERT_OFF);
    await bus.command(DCS.EXIT_SLEEP);
    // ILI9341 §8.2.12: wait 120 ms after Sleep Out before Sleep In, 5 ms before any command.
    await this.sleep(120);
    const black = new Uint8Array(this.width * 2 * this.height);
    await this.writeRect(black, this.width * 2, { x: 0, y: 0, w: this.width, h: this.height });
    await bus.command(DCS.DISPLAY_ON);
  }

  /** The last CASET/RASET parameters sent, to skip repeating them. */
  private lastColumns = -1;
  private lastPages = -1;

  /**
   * Send one rectangle of the framebuffer; returns bytes put on the wire
   * (command, parameter and pixel bytes).
   */
  async writeRect(fb: Uint8Array, stride: number, rect: Rect, tx?: Uint8Array): Promise<number> {
    const needed = rect.w * rect.h * this.bytesPerPixel;
    const out = tx && tx.length >= needed ? tx.subarray(0, needed) : new Uint8Array(needed);
    packRect(fb, stride, rect.x, rect.y, rect.w, rect.h, this.spec.wireFormat, out);
    return this.writeWindow(rect, out);
  }

  /**
   * Open a window on `rect` (screen coordinates) and stream `wire`, already in
   * the panel's wire format, into it. CASET or RASET is skipped when its
   * parameters equal the last ones sent (the controller keeps them; MIPI DCS
   * §6.1: RAMWR restarts at the window's start). Returns bytes on the wire.
   */
  async writeWindow(rect: Rect, wire: Uint8Array): Promise<number> {
    const { bus, window } = this;
    const c0 = window.column0 + rect.x;
    const p0 = window.page0 + rect.y;
    const c1 = c0 + rect.w - 1;
    const p1 = p0 + rect.h - 1;
    let bytes = 1 + wire.length;
    const columns = c0 * 0x10000 + c1;
    const pages = p0 * 0x10000 + p1;
    try {
      if (columns !== this.lastColumns) {
        await bus.command(DCS.SET_COLUMN, Uint8Array.of(c0 >> 8, c0 & 0xff, c1 >> 8, c1 & 0xff));
        this.lastColumns = columns;
        bytes += 5;
      }
      if (pages !== this.lastPages) {
        await bus.command(DCS.SET_PAGE, Uint8Array.of(p0 >> 8, p0 & 0xff, p1 >> 8, p1 & 0xff));
        this.lastPages = pages;
        bytes += 5;
      }
      await bus.command(DCS.WRITE_MEMORY);
      await bus.pixels(wire);
    } catch (err) {
      // The controller's window is unknown after a failed transfer.
      this.lastColumns = this.lastPages = -1;
      throw err;
    }
    return bytes;
  }
}
