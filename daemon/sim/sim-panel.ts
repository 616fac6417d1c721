import { EXPAND_5_TO_6 } from './colour-depth.js';
import { DCS_MAP, type SimCommand, type SimCommandMap } from './command-maps.js';
import { renderGlass, type GlassView } from './glass-render.js';
import type { SimModuleModel } from './module-model.js';

export type { GlassView } from './glass-render.js';

/**
 * A simulated display controller on a module: decodes the exact byte stream
 * a real panel receives (DC low = command, DC high = data), keeps an 18-bit
 * GRAM, and renders what the glass would show. The command set is data
 * (command-maps.ts: MIPI DCS, SSD1351). It is deliberately as unforgiving as
 * the hardware: a wrong window, MADCTL or colour order shows up as a wrong
 * picture, never as a helpful exception.
 */
export class SimPanel {
  readonly model: SimModuleModel;
  readonly map: SimCommandMap;
  /** 3 bytes per native GRAM pixel, each a 6-bit value, in wire order (R position first). */
  private readonly gram: Uint8Array;
  private readonly wide: boolean;

  private _madctl = 0;
  private _colmod = 0;
  private _sleeping = true;
  private _displayOn = false;
  private _inverted = false;
  private _teOn = false;
  private _gamma = 1;
  private _brightness = 0;
  /** Column / row registers as received (logical for DCS, RAM for SSD1351). */
  private cs = 0; private ce = 0; private rs = 0; private re = 0;

  private _pixelsWritten = 0;
  private _pixelsDropped = 0;
  private _unknownCommands = 0;
  private _truncatedCommands = 0;

  /** Current command and its parameters gathered so far. */
  private cur: SimCommand | undefined;
  private readonly params = new Uint8Array(4);
  private paramLen = 0;
  private paramNeed = 0;
  /** 16-bit bus: the first byte of a command word / of a parameter word has arrived. */
  private cmdHalf = false;
  private dataHalf = false;
  /** In a memory write: data bytes are pixels. A pixel split across data() calls waits in `pend`. */
  private writing = false;
  private bytesPerPixel = 3;
  private shift18 = 2;
  private readonly pend = new Uint8Array(3);
  private pendLen = 0;
  /** Window and write pointer in logical (column, page), and the logical → native map, fixed at the write command. */
  private sc = 0; private ec = 0; private sp = 0; private ep = 0;
  private c = 0; private p = 0;
  private xO = 0; private xC = 1; private xP = 0;
  private yO = 0; private yC = 0; private yP = 1;

  constructor(model: SimModuleModel) {
    const { gramWidth: w, gramHeight: h, glass: g } = model;
    if (!(Number.isInteger(w) && Number.isInteger(h) && w > 0 && h > 0 && w <= 0x10000 && h <= 0x10000)) {
      throw new RangeError(`${model.controller}: bad GRAM size ${w}x${h}`);
    }
    const [nw, nh] = g.exchange ? [g.height, g.width] : [g.width, g.height];
    if (g.xOffset < 0 || g.yOffset < 0 || g.width < 1 || g.height < 1 || g.xOffset + nw > w || g.yOffset + nh > h) {
      throw new RangeError(`${model.controller}: glass ${nw}x${nh}+${g.xOffset}+${g.yOffset} lies outside the ${w}x${h} GRAM`);
    }
    this.model = model;
    this.map = model.commandMap ?? DCS_MAP;
    this.wide = model.busWidth === 16;
    this.gram = new Uint8Array(w * h * 3);
    this.fillPowerOnNoise();
    this.resetRegisters();
  }

  /** The address-mode register: MADCTL (36h) on DCS controllers, A0h on the SSD1351. */
  get madctl(): number { return this._madctl; }
  get colmod(): number { return this._colmod; }
  get sleeping(): boolean { return this._sleeping; }
  get displayOn(): boolean { return this._displayOn; }
  get inverted(): boolean { return this._inverted; }
  get teOn(): boolean { return this._teOn; }
  get gamma(): number { return this._gamma; }
  get brightness(): number { return this._brightness; }
  /** [SC, EC] from CASET (SSD1351: 15h). */
  get columnWindow(): readonly [number, number] { return [this.cs, this.ce]; }
  /** [SP, EP] from RASET/PASET (SSD1351: 75h). */
  get pageWindow(): readonly [number, number] { return [this.rs, this.re]; }
  get pixelsWritten(): number { return this._pixelsWritten; }
  /** Pixels whose address fell outside the GRAM (window larger than the GRAM for this MADCTL). */
  get pixelsDropped(): number { return this._pixelsDropped; }
  /** Commands outside the command map (vendor commands); their parameters are swallowed. */
  get unknownCommands(): number { return this._unknownCommands; }
  /** Known commands cut short by the next command before all their parameters arrived; not applied. */
  get truncatedCommands(): number { return this._truncatedCommands; }

  /** A byte sent with DC low. Ends the previous command. */
  command(byte: number): void {
    if (this.wide) {
      // 16-bit bus: the word latches on its second byte; D[15:8] of a command are ignored.
      this.cmdHalf = !this.cmdHalf;
      if (this.cmdHalf) return;
    }
    if (this.paramLen < this.paramNeed) this._truncatedCommands++;
    const cmd = this.map.commands.get(byte & 0xff);
    this.cur = cmd;
    this.paramLen = 0;
    this.paramNeed = cmd?.params ?? 0;
    this.dataHalf = false;
    this.writing = false;
    this.pendLen = 0; // a partial pixel left at the end of a write is lost, as on the chip
    if (!cmd) { this._unknownCommands++; return; }
    switch (cmd.op) {
      case 'swreset': this.resetRegisters(); break;
      case 'sleepIn': this._sleeping = true; break;
      case 'sleepOut': this._sleeping = false; break;
      case 'invOff': this._inverted = false; break;
      case 'invOn': this._inverted = true; break;
      case 'dispOff': this._displayOn = false; break;
      case 'dispOn': this._displayOn = true; break;
      case 'teOff': this._teOn = false; break;
      case 'write': this.startWrite(true); break;
      case 'writeContinue': this.startWrite(false); break;
    }
  }

  /** Bytes sent with DC high: parameters of the current command, or pixels in a memory write. */
  data(bytes: Uint8Array): void {
    if (this.wide && this.cmdHalf) {
      // Half a command word, then DC high: the parallel side never saw a command.
      this.cmdHalf = false;
      this._truncatedCommands++;
    }
    if (this.writing) {
      this.writePixels(bytes);
      return;
    }
    for (let i = 0; i < bytes.length && this.paramLen < this.paramNeed; i++) {
      if (this.wide) {
        this.dataHalf = !this.dataHalf;
        if (this.dataHalf) continue; // high byte of a parameter word: D[15:8], ignored
      }
      this.params[this.paramLen++] = bytes[i];
      if (this.paramLen === this.paramNeed) this.applyParams();
    }
  }

  /** RESX pulse: registers to their reset values and sleep; GRAM is kept. */
  hardwareReset(): void {
    this.cur = undefined;
    this.paramLen = this.paramNeed = 0;
    this.cmdHalf = this.dataHalf = false;
    this.resetRegisters();
  }

  /** The 6-bit GRAM triple at native (x, y), in wire order; undefined outside the GRAM. */
  readGram(x: number, y: number): [number, number, number] | undefined {
    const { gramWidth: w, gramHeight: h } = this.model;
    if (!(x >= 0 && y >= 0 && x < w && y < h)) return undefined;
    const i = (y * w + x) * 3;
    return [this.gram[i], this.gram[i + 1], this.gram[i + 2]];
  }

  /** What the glass shows now; all black while sleeping or with the display off. */
  glassView(): GlassView {
    const g = this.model.glass;
    if (this._sleeping || !this._displayOn) return { width: g.width, height: g.height, rgb: new Uint8Array(g.width * g.height * 3) };
    return this.memoryView();
  }

  /**
   * The GRAM as the glass would show it lit (its visible rectangle, wiring,
   * colour order, inversion), whatever the power state: the controller keeps
   * its memory and the scan-out settings in sleep and with the display off
   * (ILI9341 §8.2.11 SLPIN: the MCU interface and memory keep working, the
   * memory keeps its contents), so this is what unblanking will show.
   */
  memoryView(): GlassView {
    const { bits, myAtScanOut } = this.map;
    return renderGlass(this.model, this.gram, {
      bgr: (this._madctl & bits.bgr) !== 0,
      inverted: this._inverted,
      flipRows: myAtScanOut && (this._madctl & bits.my) !== 0,
    });
  }

  private applyParams(): void {
    const q = this.params;
    const two = this.map.addressBytes === 2;
    const start = two ? (q[0] << 8) | q[1] : q[0];
    const end = two ? (q[2] << 8) | q[3] : q[1];
    switch (this.cur?.op) {
      case 'column': this.cs = start; this.ce = end; break;
      case 'row': this.rs = start; this.re = end; break;
      case 'addressMode': this._madctl = q[0]; break;
      case 'pixelFormat': this._colmod = q[0]; break;
      case 'teOn': this._teOn = true; break;
      case 'gamma': this._gamma = q[0]; break;
      case 'brightness': this._brightness = q[0]; break;
    }
  }

  /** Reset values: the "Default" rows (H/W and S/W reset) of each command (ILI9341 §8.2; SSD1351 §10). */
  private resetRegisters(): void {
    this._madctl = this.model.resetAddressMode ?? 0;
    this._colmod = this.model.resetColmod;
    // The SSD1351 has no sleep-out command: AFh alone turns it on.
    this._sleeping = this.map.family === 'mipi-dcs';
    this._displayOn = false;
    this._inverted = false;
    this._teOn = false;
    this._gamma = 1;
    this._brightness = 0;
    this.cs = 0; this.ce = this.model.gramWidth - 1;
    this.rs = 0; this.re = this.model.gramHeight - 1;
    this.c = 0; this.p = 0;
    this.writing = false;
    this.pendLen = 0;
  }

  /**
   * RAMWR restarts at the window start; RAMWRC continues where the last write
   * stopped (ILI9341 §8.2.34). The address mode is sampled here, so a change
   * applies to later writes. Logical (c, p) → native: MV exchanges them, then
   * MX / MY mirror (ILI9341 §8.2.29; ST7735R §9.11 "Memory Data Write/Read
   * Direction"). On the SSD1351 the registers name RAM columns/rows, so with
   * vertical increment the fast (logical column) axis is the row register.
   */
  private startWrite(restart: boolean): void {
    const { gramWidth: w, gramHeight: h } = this.model;
    const { bits, windowFollowsMv, myAtScanOut } = this.map;
    const m = this._madctl;
    const mv = (m & bits.mv) !== 0;
    let xC = 1, xP = 0, yC = 0, yP = 1;
    if (mv) { xC = 0; xP = 1; yC = 1; yP = 0; }
    let xO = 0, yO = 0;
    if (m & bits.mx) { xO = w - 1; xC = -xC; xP = -xP; }
    if (m & bits.my && !myAtScanOut) { yO = h - 1; yC = -yC; yP = -yP; }
    this.xO = xO; this.xC = xC; this.xP = xP;
    this.yO = yO; this.yC = yC; this.yP = yP;
    const swapWindow = mv && !windowFollowsMv;
    [this.sc, this.ec, this.sp, this.ep] = swapWindow ? [this.rs, this.re, this.cs, this.ce] : [this.cs, this.ce, this.rs, this.re];
    const depth = this.map.depth(this._colmod, m);
    // A 16-bit bus carries one RGB565 pixel per word.
    this.bytesPerPixel = this.wide ? 2 : depth.bytes;
    this.shift18 = depth.shift18;
    if (restart) { this.c = this.sc; this.p = this.sp; }
    this.pendLen = 0;
    this.writing = true;
  }

  private writePixels(bytes: Uint8Array): void {
    const bpp = this.bytesPerPixel;
    let i = 0;
    if (this.pendLen > 0) {
      while (this.pendLen < bpp && i < bytes.length) this.pend[this.pendLen++] = bytes[i++];
      if (this.pendLen < bpp) return;
      this.pendLen = 0;
      this.writeRun(this.pend, 0, bpp);
    }
    const end = bytes.length - ((bytes.length - i) % bpp);
    if (end > i) this.writeRun(bytes, i, end);
    for (i = end; i < bytes.length; i++) this.pend[this.pendLen++] = bytes[i];
  }

  /** Decode whole pixels bytes[start..end) into GRAM; the hot loop, so all state is in locals. */
  private writeRun(bytes: Uint8Array, start: number, end: number): void {
    const { gramWidth: w, gramHeight: h } = this.model;
    const gram = this.gram;
    const sixteen = this.bytesPerPixel === 2;
    const shift = this.shift18;
    const { sc, ec, sp, ep, xC, yC, xP, yP, xO, yO } = this;
    let c = this.c, p = this.p;
    let rowX = xO + xP * p, rowY = yO + yP * p;
    let written = 0, dropped = 0;
    for (let i = start; i < end;) {
      let r: number, g: number, b: number;
      if (sixteen) {
        // RGB565, first byte R4..R0 G5..G3, second G2..G0 B4..B0 (65K colours, COLMOD x5h)
        const hi = bytes[i], lo = bytes[i + 1];
        i += 2;
        r = EXPAND_5_TO_6[hi >> 3];
        g = ((hi & 0x07) << 3) | (lo >> 5);
        b = EXPAND_5_TO_6[lo & 0x1f];
      } else {
        // RGB666: each channel in its own byte, D7..D2 on DCS controllers (ILI9341 §8.2.33)
        r = (bytes[i] >> shift) & 0x3f; g = (bytes[i + 1] >> shift) & 0x3f; b = (bytes[i + 2] >> shift) & 0x3f;
        i += 3;
      }
      const x = rowX + xC * c, y = rowY + yC * c;
      if (x >= 0 && x < w && y >= 0 && y < h) {
        const o = (y * w + x) * 3;
        gram[o] = r; gram[o + 1] = g; gram[o + 2] = b;
        written++;
      } else {
        dropped++;
      }
      if (c >= ec) { // end of the column window: back to SC on the next page, wrapping EP → SP
        c = sc;
        p = p >= ep ? sp : p + 1;
        rowX = xO + xP * p; rowY = yO + yP * p;
      } else {
        c++;
      }
    }
    this.c = c; this.p = p;
    this._pixelsWritten += written;
    this._pixelsDropped += dropped;
  }

  /**
   * Power-on GRAM is not cleared on real chips; a deterministic hash of the
   * address stands in for it, so a window offset error leaves a visible (and
   * testable) band of noise.
   */
  private fillPowerOnNoise(): void {
    const gram = this.gram;
    for (let a = 0, o = 0; o < gram.length; a++, o += 3) {
      let v = Math.imul(a ^ 0x2545f491, 0x9e3779b1);
      v ^= v >>> 15; v = Math.imul(v, 0x85ebca6b); v ^= v >>> 13;
      gram[o] = v & 0x3f; gram[o + 1] = (v >>> 6) & 0x3f; gram[o + 2] = (v >>> 12) & 0x3f;
    }
  }
}
