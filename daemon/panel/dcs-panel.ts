import type { Bus, FrameProgram, Segment } from '../bus/bus.js';
import { programCost } from '../bus/bus.js';
import type { Rect } from '../../protocol/rect.js';
import { SpifbError } from '../../protocol/errors.js';
import { DCS_COMMANDS, type CommandSet } from './command-set.js';
import { MADCTL_MV, type Rotation } from './madctl.js';
import { PanelPower, type PanelPowerOptions } from './panel-power.js';
import type { PanelSpec } from './panel-spec.js';
import { ProgramBuilder } from './program-builder.js';
import { logicalWindow, type LogicalWindow } from './window.js';
import { packRect, wireBytesPerPixel } from './wire-pack.js';

export type Sleep = (ms: number) => Promise<void>;
const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** What a frame put on the wire. */
export interface FrameCost {
  bytes: number;
  transfers: number;
}

/**
 * A generic panel driver: init sequence, then frames of windows
 * (CASET/RASET/RAMWR, or the SSD1351's 15h/75h/5Ch) in the controller's
 * framing, each frame one FrameProgram for the bus. Everything
 * controller-specific is in the PanelSpec and its CommandSet; this is the
 * only layer that knows command bytes.
 *
 * Every use of the bus goes through one queue (`exclusive`): a frame's
 * program, a blank or a backlight change each run whole, in the order asked,
 * so a power change requested during a frame lands between frames, never
 * between a command and its data.
 */
export class DcsPanel {
  /** MADCTL orientation bits (DCS layout) for this rotation. */
  readonly madctl: number;
  /** The address-mode register byte actually sent (MADCTL with BGR, or SSD1351 A0h). */
  readonly addressMode: number;
  readonly window: LogicalWindow;
  readonly bytesPerPixel: number;
  readonly commands: CommandSet;
  /** Blank, backlight and idle dimming, in this controller's commands. */
  readonly power: PanelPower;
  private readonly wide: boolean;
  private tail: Promise<unknown> = Promise.resolve();

  constructor(
    readonly spec: PanelSpec,
    readonly rotation: Rotation,
    private readonly bus: Bus,
    private readonly sleep: Sleep = realSleep,
    power: Partial<PanelPowerOptions> = {},
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
    this.power = new PanelPower(this, { level: 100, idleMs: 0, idleLevel: 10, sleep: this.sleep, ...power });
  }

  get width(): number {
    return this.window.width;
  }

  get height(): number {
    return this.window.height;
  }

  /** The bus's kind (`sim`, `spidev`), for info. */
  get busKind(): string {
    return this.bus.kind;
  }

  /** A builder in this controller's framing. */
  program(): ProgramBuilder {
    return new ProgramBuilder(this.wide);
  }

  /**
   * Run `work` with the bus to itself, after everything queued before it.
   * A failure rejects this call only; the queue goes on.
   */
  exclusive<T>(work: (bus: Bus) => Promise<T>): Promise<T> {
    const run = this.tail.then(() => work(this.bus));
    this.tail = run.catch(() => {});
    return run;
  }

  /**
   * Reset and configure the controller, clear the visible area to black, then
   * turn the display on — so the power-on GRAM noise never shows — and light
   * the backlight.
   */
  init(): Promise<void> {
    return this.exclusive(async (bus) => {
      const { spec, commands: cs } = this;
      this.lastColumns = this.lastPages = -1;
      if (!(await bus.reset()) && cs.softwareReset !== undefined) {
        await bus.run(this.program().command(cs.softwareReset).build());
        // ILI9341 §8.2.2: 120 ms after a software reset before Sleep Out (5 ms before any command).
        await this.sleep(120);
      }
      let p = this.program();
      for (const step of spec.init) {
        p.command(step.cmd, step.params);
        if (step.delayMs) {
          await bus.run(p.build());
          await this.sleep(step.delayMs);
          p = this.program();
        }
      }
      const format = cs.pixelFormat?.(spec.wireFormat);
      if (format) p.command(format[0], [format[1]]);
      p.command(cs.addressModeCommand, [this.addressMode]);
      p.command(spec.invert ? cs.invertOn : cs.invertOff);
      if (cs.sleepOut !== undefined) {
        p.command(cs.sleepOut);
        await bus.run(p.build());
        // ILI9341 §8.2.12: wait 120 ms after Sleep Out before Sleep In, 5 ms before any command.
        await this.sleep(120);
        p = this.program();
      }
      // TEON is off after RESX and SWRESET (ILI9341 §8.2.28 "Reset default").
      if (bus.hasTe && cs.tearingOn) p.command(cs.tearingOn[0], [cs.tearingOn[1]]);
      if (!p.empty) await bus.run(p.build());
      const black = new Uint8Array(this.width * this.bytesPerPixel * this.height);
      await bus.run(this.frameProgram([{ x: 0, y: 0, w: this.width, h: this.height }], black, false));
      await bus.run(this.program().command(cs.displayOn).build());
      await this.power.lightUp(bus);
    });
  }

  /** Address parameters for one axis: 16-bit big-endian start/end (DCS) or one byte each (SSD1351). */
  private range(start: number, end: number): number[] {
    return this.commands.addressBytes === 2 ? [start >> 8, start & 0xff, end >> 8, end & 0xff] : [start, end];
  }

  /** The last CASET/RASET parameters sent, to skip repeating them. */
  private lastColumns = -1;
  private lastPages = -1;

  /**
   * Send one rectangle of the framebuffer as a frame of its own; returns what
   * went on the wire.
   */
  async writeRect(fb: Uint8Array, stride: number, rect: Rect, tx?: Uint8Array): Promise<FrameCost> {
    const needed = rect.w * rect.h * this.bytesPerPixel;
    const out = tx && tx.length >= needed ? tx.subarray(0, needed) : new Uint8Array(needed);
    packRect(fb, stride, rect.x, rect.y, rect.w, rect.h, this.spec.wireFormat, out);
    return this.writeFrame([rect], out);
  }

  /**
   * One frame: each window (screen coordinates) opened and filled from
   * `wire` (already in the panel's wire format, the windows' pixels back to
   * back), as one program. With a TE pin the frame waits for the edge once,
   * before its first window. CASET or RASET is skipped when its parameters
   * equal the last ones sent (the controller keeps them; MIPI DCS §6.1:
   * RAMWR restarts at the window's start).
   */
  writeFrame(windows: Rect[], wire: Uint8Array): Promise<FrameCost> {
    return this.exclusive(async (bus) => {
      if (windows.length === 0) return { bytes: 0, transfers: 0 };
      await this.power.beforeFrame(bus);
      // A controller without a TE output (SSD1351) never pulses the pin: waiting would only time out.
      const program = this.frameProgram(windows, wire, bus.hasTe && this.commands.tearingOn !== undefined);
      try {
        await bus.run(program);
      } catch (err) {
        // The controller's window is unknown after a failed transfer.
        this.lastColumns = this.lastPages = -1;
        throw err;
      }
      this.power.afterFrame();
      return programCost(program);
    });
  }

  private frameProgram(windows: Rect[], wire: Uint8Array, waitTe: boolean): FrameProgram {
    const { window, commands: cs } = this;
    const p = this.program();
    if (waitTe) p.waitTe();
    let prologue: Segment[] | undefined;
    let o = 0;
    for (const rect of windows) {
      let c0 = window.column0 + rect.x;
      let p0 = window.page0 + rect.y;
      let c1 = c0 + rect.w - 1;
      let p1 = p0 + rect.h - 1;
      // SSD1351: with vertical increment (our MV) the column register still names RAM
      // columns, which now run along the screen's y; so the ranges trade places.
      if (!cs.windowFollowsMv && this.madctl & MADCTL_MV) [c0, c1, p0, p1] = [p0, p1, c0, c1];
      const columns = c0 * 0x10000 + c1;
      const pages = p0 * 0x10000 + p1;
      if (prologue === undefined) {
        // A retry must not rely on registers this program skips: they are unknown after a failure.
        prologue = this.program().command(cs.column, this.range(c0, c1)).command(cs.row, this.range(p0, p1)).build().segments;
      }
      if (columns !== this.lastColumns) {
        p.command(cs.column, this.range(c0, c1));
        this.lastColumns = columns;
      }
      if (pages !== this.lastPages) {
        p.command(cs.row, this.range(p0, p1));
        this.lastPages = pages;
      }
      const n = rect.w * rect.h * this.bytesPerPixel;
      p.command(cs.writeMemory).data(wire.subarray(o, o + n), 'pixels');
      o += n;
    }
    return p.build(prologue);
  }
}
