import { EXPAND_5_TO_6, EXPAND_6_TO_8 } from './colour-depth.js';
import { DCS, DCS_PARAM_COUNT, MADCTL_BGR, MADCTL_MV, MADCTL_MX, MADCTL_MY } from './dcs-commands.js';
import type { SimModuleModel } from './module-model.js';

/** 6 → 8 bit expansion of the inverted value 63 - v: what INVON puts on the glass. */
const EXPAND_6_TO_8_INVERTED = EXPAND_6_TO_8.slice().reverse();

/** What the glass shows: physical orientation, 8-bit RGB, 3 bytes a pixel, row-major. */
export interface GlassView {
  width: number;
  height: number;
  rgb: Uint8Array;
}

/**
 * A simulated MIPI-DCS controller on a module: decodes the exact byte stream
 * a real panel receives (DC low = command, DC high = data), keeps an 18-bit
 * GRAM, and renders what the glass would show. It is deliberately as
 * unforgiving as the hardware: a wrong window, MADCTL or colour order shows up
 * as a wrong picture, never as a helpful exception.
 */
export class SimPanel {
  readonly model: SimModuleModel;
  /** 3 bytes per native GRAM pixel, each a 6-bit value, in wire order (R position first). */
  private readonly gram: Uint8Array;

  private _madctl = 0;
  private _colmod = 0;
  private _sleeping = true;
  private _displayOn = false;
  private _inverted = false;
  private _teOn = false;
  private _gamma = 1;
  private _brightness = 0;
  private sc = 0; private ec = 0; private sp = 0; private ep = 0;

  private _pixelsWritten = 0;
  private _pixelsDropped = 0;
  private _unknownCommands = 0;
  private _truncatedCommands = 0;

  /** Current command (-1: none) and its parameters gathered so far. */
  private cmd = -1;
  private readonly params = new Uint8Array(4);
  private paramLen = 0;
  private paramNeed = 0;
  /** In RAMWR/RAMWRC: data bytes are pixels. A pixel split across data() calls waits in `pend`. */
  private writing = false;
  private bytesPerPixel = 3;
  private readonly pend = new Uint8Array(3);
  private pendLen = 0;
  /** Write pointer in logical (column, page) and the logical → native map, fixed at RAMWR/RAMWRC. */
  private c = 0; private p = 0;
  private xO = 0; private xC = 1; private xP = 0;
  private yO = 0; private yC = 0; private yP = 1;

  constructor(model: SimModuleModel) {
    const { gramWidth: w, gramHeight: h, glass: g } = model;
    if (!(Number.isInteger(w) && Number.isInteger(h) && w > 0 && h > 0 && w <= 0x10000 && h <= 0x10000)) {
      throw new RangeError(`${model.controller}: bad GRAM size ${w}x${h}`);
    }
    if (g.xOffset < 0 || g.yOffset < 0 || g.width < 1 || g.height < 1 ||
        g.xOffset + g.width > w || g.yOffset + g.height > h) {
      throw new RangeError(`${model.controller}: glass ${g.width}x${g.height}+${g.xOffset}+${g.yOffset} lies outside the ${w}x${h} GRAM`);
    }
    this.model = model;
    this.gram = new Uint8Array(w * h * 3);
    this.fillPowerOnNoise();
    this.resetRegisters();
  }

  get madctl(): number { return this._madctl; }
  get colmod(): number { return this._colmod; }
  get sleeping(): boolean { return this._sleeping; }
  get displayOn(): boolean { return this._displayOn; }
  get inverted(): boolean { return this._inverted; }
  get teOn(): boolean { return this._teOn; }
  get gamma(): number { return this._gamma; }
  get brightness(): number { return this._brightness; }
  /** [SC, EC] from CASET. */
  get columnWindow(): readonly [number, number] { return [this.sc, this.ec]; }
  /** [SP, EP] from RASET/PASET. */
  get pageWindow(): readonly [number, number] { return [this.sp, this.ep]; }
  get pixelsWritten(): number { return this._pixelsWritten; }
  /** Pixels whose address fell outside the GRAM (window larger than the GRAM for this MADCTL). */
  get pixelsDropped(): number { return this._pixelsDropped; }
  /** Commands outside DCS_PARAM_COUNT (vendor commands); their parameters are swallowed. */
  get unknownCommands(): number { return this._unknownCommands; }
  /** Known commands cut short by the next command before all their parameters arrived; not applied. */
  get truncatedCommands(): number { return this._truncatedCommands; }

  /** A byte sent with DC low. Ends the previous command. */
  command(cmd: number): void {
    if (this.paramLen < this.paramNeed) this._truncatedCommands++;
    this.cmd = cmd & 0xff;
    this.paramLen = 0;
    this.writing = false;
    this.pendLen = 0; // a partial pixel left at the end of a write is lost, as on the chip
    const need = DCS_PARAM_COUNT.get(this.cmd);
    this.paramNeed = need ?? 0;
    switch (this.cmd) {
      case DCS.SWRESET: this.resetRegisters(); break;
      case DCS.SLPIN: this._sleeping = true; break;
      case DCS.SLPOUT: this._sleeping = false; break;
      case DCS.INVOFF: this._inverted = false; break;
      case DCS.INVON: this._inverted = true; break;
      case DCS.DISPOFF: this._displayOn = false; break;
      case DCS.DISPON: this._displayOn = true; break;
      case DCS.TEOFF: this._teOn = false; break;
      case DCS.RAMWR: this.startWrite(true); break;
      case DCS.RAMWRC: this.startWrite(false); break;
      default: if (need === undefined) this._unknownCommands++;
    }
  }

  /** Bytes sent with DC high: parameters of the current command, or pixels in RAMWR/RAMWRC. */
  data(bytes: Uint8Array): void {
    if (this.writing) {
      this.writePixels(bytes);
      return;
    }
    const want = this.paramNeed - this.paramLen;
    if (want <= 0) return; // parameters of vendor commands, or surplus bytes: swallowed
    const take = Math.min(want, bytes.length);
    for (let i = 0; i < take; i++) this.params[this.paramLen++] = bytes[i];
    if (this.paramLen === this.paramNeed) this.applyParams();
  }

  /** RESX pulse: registers to their reset values and sleep; GRAM is kept. */
  hardwareReset(): void {
    this.cmd = -1;
    this.paramLen = this.paramNeed = 0;
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
    const { gramWidth: w, glass: g } = this.model;
    const rgb = new Uint8Array(g.width * g.height * 3);
    if (this._sleeping || !this._displayOn) return { width: g.width, height: g.height, rgb };
    // BGR is a colour-selector switch between memory and source outputs (§8.2.29):
    // it only matters whether it agrees with the glass's filter order.
    const swap = ((this._madctl & MADCTL_BGR) !== 0) !== g.bgr;
    const rIn = swap ? 2 : 0;
    const bIn = swap ? 0 : 2;
    // INVON inverts at scan-out (§8.2.16), GRAM is untouched; IPS glass needs it to look right.
    const invert = this._inverted !== g.needsInversion;
    const lut = invert ? EXPAND_6_TO_8_INVERTED : EXPAND_6_TO_8;
    const gram = this.gram;
    let o = 0;
    for (let gy = 0; gy < g.height; gy++) {
      const y = g.yOffset + (g.mirrorY ? g.height - 1 - gy : gy);
      for (let gx = 0; gx < g.width; gx++, o += 3) {
        const x = g.xOffset + (g.mirrorX ? g.width - 1 - gx : gx);
        const s = (y * w + x) * 3;
        rgb[o] = lut[gram[s + rIn]];
        rgb[o + 1] = lut[gram[s + 1]];
        rgb[o + 2] = lut[gram[s + bIn]];
      }
    }
    return { width: g.width, height: g.height, rgb };
  }

  private applyParams(): void {
    const q = this.params;
    switch (this.cmd) {
      case DCS.CASET: this.sc = (q[0] << 8) | q[1]; this.ec = (q[2] << 8) | q[3]; break;
      case DCS.RASET: this.sp = (q[0] << 8) | q[1]; this.ep = (q[2] << 8) | q[3]; break;
      case DCS.MADCTL: this._madctl = q[0]; break;
      case DCS.COLMOD: this._colmod = q[0]; break;
      case DCS.TEON: this._teOn = true; break;
      case DCS.GAMSET: this._gamma = q[0]; break;
      case DCS.WRDISBV: this._brightness = q[0]; break;
    }
  }

  /** Reset values: the "Default" rows (H/W and S/W reset) of each command in ILI9341 §8.2. */
  private resetRegisters(): void {
    this._madctl = 0;
    this._colmod = this.model.resetColmod;
    this._sleeping = true;
    this._displayOn = false;
    this._inverted = false;
    this._teOn = false;
    this._gamma = 1;
    this._brightness = 0;
    this.sc = 0; this.ec = this.model.gramWidth - 1;
    this.sp = 0; this.ep = this.model.gramHeight - 1;
    this.c = 0; this.p = 0;
    this.writing = false;
    this.pendLen = 0;
  }

  /**
   * RAMWR restarts at (SC, SP); RAMWRC continues where the last write stopped
   * (ILI9341 §8.2.34). MADCTL is sampled here, so a change applies to later writes.
   * Logical (c, p) → native: MV exchanges them, then MX / MY mirror
   * (ILI9341 §8.2.29; ST7735R §9.11 "Memory Data Write/Read Direction").
   */
  private startWrite(restart: boolean): void {
    const { gramWidth: w, gramHeight: h } = this.model;
    const m = this._madctl;
    // x = xO + xC*c + xP*p, y = yO + yC*c + yP*p
    let xC = 1, xP = 0, yC = 0, yP = 1;
    if (m & MADCTL_MV) { xC = 0; xP = 1; yC = 1; yP = 0; }
    let xO = 0, yO = 0;
    if (m & MADCTL_MX) { xO = w - 1; xC = -xC; xP = -xP; }
    if (m & MADCTL_MY) { yO = h - 1; yC = -yC; yP = -yP; }
    this.xO = xO; this.xC = xC; this.xP = xP;
    this.yO = yO; this.yC = yC; this.yP = yP;
    // COLMOD low nibble = MCU interface format (§8.2.33): 5 = 16 bpp, 6 = 18 bpp.
    // Other codes are not defined for the MCU interface; treat them as 18 bpp.
    this.bytesPerPixel = (this._colmod & 0x0f) === 0x5 ? 2 : 3;
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
        // RGB666: each channel in D7..D2 of its own byte (§8.2.33, 262K colours)
        r = bytes[i] >> 2; g = bytes[i + 1] >> 2; b = bytes[i + 2] >> 2;
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
