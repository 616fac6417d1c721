import type { Bus } from '../bus/bus.js';
import type { Rect } from '../../protocol/rect.js';
import { SpifbError } from '../../protocol/errors.js';
import { DCS_COMMANDS, type CommandSet } from './command-set.js';
import { MADCTL_MV, type Rotation } from './madctl.js';
import type { PanelSpec } from './panel-spec.js';
import { logicalWindow, type LogicalWindow } from './window.js';
import { packRect, wireBytesPerPixel } from './wire-pack.js';

export type Sleep = (ms: number) => Promise<void>;
const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A generic panel driver: init sequence, then windows (CASET/RASET/RAMWR, or
 * the SSD1351's 15h/75h/5Ch) filled from the rgb565 framebuffer. Everything
 * controller-specific is in the PanelSpec and its CommandSet.
 */
export class DcsPanel {
  /** MADCTL orientation bits (DCS layout) for this rotation. */
  readonly madctl: number;
  /** The address-mode register byte actually sent (MADCTL with BGR, or SSD1351 A0h). */
  readonly addressMode: number;
  readonly window: LogicalWindow;
  readonly bytesPerPixel: number;
  readonly commands: CommandSet;
  private readonly wide: boolean;

  constructor(
    readonly spec: PanelSpec,
    readonly rotation: Rotation,
    private readonly bus: Bus,
    private readonly sleep: Sleep = realSleep,
  ) {
    this.commands = spec.commands ?? DCS_COMMANDS;
    this.wide = spec.busWidth === 16;
    if (spec.wireFormat !== 'rgb565' && (this.wide || !this.commands.pixelFormat)) {
      // A 16-bit bus carries one RGB565 word per pixel (ILI9486 §7.2); the SSD1351 driver speaks 65k colours only.
      throw new SpifbError('EBAD_CONFIG', `panel ${spec.name}: wireFormat ${spec.wireFormat} is not supported here, only rgb565`);
    }
    this.madctl = spec.madctl[rotation];
    this.addressMode = this.commands.addressMode(this.madctl, spec.bgr, spec.wireFormat);
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
    const { bus, spec, commands: cs } = this;
    this.lastColumns = this.lastPages = -1;
    await bus.reset();
    for (const step of spec.init) {
      await this.send(step.cmd, step.params ? Uint8Array.from(step.params) : undefined);
      if (step.delayMs) await this.sleep(step.delayMs);
    }
    const format = cs.pixelFormat?.(spec.wireFormat);
    if (format) await this.send(format[0], Uint8Array.of(format[1]));
    await this.send(cs.addressModeCommand, Uint8Array.of(this.addressMode));
    await this.send(spec.invert ? cs.invertOn : cs.invertOff);
    if (cs.sleepOut !== undefined) {
      await this.send(cs.sleepOut);
      // ILI9341 §8.2.12: wait 120 ms after Sleep Out before Sleep In, 5 ms before any command.
      await this.sleep(120);
    }
    const black = new Uint8Array(this.width * 2 * this.height);
    await this.writeRect(black, this.width * 2, { x: 0, y: 0, w: this.width, h: this.height });
    await this.send(cs.displayOn);
  }

  /**
   * One command with its parameters. On a 16-bit bus (Waveshare 3.5" (A))
   * the command and each parameter go as big-endian 16-bit words, as the
   * kernel's drivers/gpu/drm/tiny/ili9486.c waveshare_command() sends them:
   * the word's high byte (0x00) and the command byte both with DC low.
   */
  private async send(cmd: number, params?: Uint8Array): Promise<void> {
    if (!this.wide) return this.bus.command(cmd, params);
    await this.bus.command(0x00);
    let words: Uint8Array | undefined;
    if (params && params.length > 0) {
      words = new Uint8Array(params.length * 2);
      for (let i = 0; i < params.length; i++) words[i * 2 + 1] = params[i];
    }
    return this.bus.command(cmd, words);
  }

  /** Address parameters for one axis: 16-bit big-endian start/end (DCS) or one byte each (SSD1351). */
  private range(start: number, end: number): Uint8Array {
    return this.commands.addressBytes === 2
      ? Uint8Array.of(start >> 8, start & 0xff, end >> 8, end & 0xff)
      : Uint8Array.of(start, end);
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
    const { bus, window, commands: cs } = this;
    let c0 = window.column0 + rect.x;
    let p0 = window.page0 + rect.y;
    let c1 = c0 + rect.w - 1;
    let p1 = p0 + rect.h - 1;
    // SSD1351: with vertical increment (our MV) the column register still names RAM
    // columns, which now run along the screen's y; so the ranges trade places.
    if (!cs.windowFollowsMv && this.madctl & MADCTL_MV) [c0, c1, p0, p1] = [p0, p1, c0, c1];
    let bytes = 1 + wire.length;
    const columns = c0 * 0x10000 + c1;
    const pages = p0 * 0x10000 + p1;
    try {
      if (columns !== this.lastColumns) {
        await this.send(cs.column, this.range(c0, c1));
        this.lastColumns = columns;
        bytes += 1 + 2 * cs.addressBytes;
      }
      if (pages !== this.lastPages) {
        await this.send(cs.row, this.range(p0, p1));
        this.lastPages = pages;
        bytes += 1 + 2 * cs.addressBytes;
      }
      await this.send(cs.writeMemory);
      await bus.pixels(wire);
    } catch (err) {
      // The controller's window is unknown after a failed transfer.
      this.lastColumns = this.lastPages = -1;
      throw err;
    }
    return bytes;
  }
}
