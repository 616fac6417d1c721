import { EXPAND_6_TO_8 } from './colour-depth.js';
import type { SimModuleModel } from './module-model.js';

/** 6 → 8 bit expansion of the inverted value 63 - v: what INVON puts on the glass. */
const EXPAND_6_TO_8_INVERTED = EXPAND_6_TO_8.slice().reverse();

/** What the glass shows: physical orientation, 8-bit RGB, 3 bytes a pixel, row-major. */
export interface GlassView {
  width: number;
  height: number;
  rgb: Uint8Array;
}

/** The controller state that matters at scan-out. */
export interface ScanOutState {
  /** Colour-order switch set (MADCTL BGR, SSD1351 A[2]). */
  bgr: boolean;
  inverted: boolean;
  /** Rows scanned in reverse at scan-out (SSD1351 A[4], COM remap); DCS mirrors at write time instead. */
  flipRows: boolean;
}

/**
 * Render the glass from the 6-bit GRAM (3 bytes a native pixel, wire order).
 *
 * The glass is wired to a rectangle of GRAM: a glass pixel (gx, gy) reads
 * native (u, v) = exchange ? (gy, gx) : (gx, gy), mirrored within the
 * rectangle where the module maker wired it reversed, offset by its origin.
 * BGR is a colour-selector switch between memory and source outputs (ILI9341
 * §8.2.29): only whether it agrees with the glass filter order matters. INVON
 * inverts at scan-out (§8.2.16); IPS glass needs it to show true colours.
 */
export function renderGlass(model: SimModuleModel, gram: Uint8Array, s: ScanOutState): GlassView {
  const { gramWidth: w, gramHeight: h, glass: g } = model;
  const rgb = new Uint8Array(g.width * g.height * 3);
  const swap = s.bgr !== g.bgr;
  const rIn = swap ? 2 : 0;
  const bIn = swap ? 0 : 2;
  const lut = s.inverted !== g.needsInversion ? EXPAND_6_TO_8_INVERTED : EXPAND_6_TO_8;
  const ex = g.exchange === true;
  const nw = ex ? g.height : g.width; // visible rectangle in native orientation
  const nh = ex ? g.width : g.height;
  let o = 0;
  for (let gy = 0; gy < g.height; gy++) {
    for (let gx = 0; gx < g.width; gx++, o += 3) {
      const u = ex ? gy : gx;
      const v = ex ? gx : gy;
      const x = g.xOffset + (g.mirrorX ? nw - 1 - u : u);
      let y = g.yOffset + (g.mirrorY ? nh - 1 - v : v);
      if (s.flipRows) y = h - 1 - y;
      const i = (y * w + x) * 3;
      rgb[o] = lut[gram[i + rIn]];
      rgb[o + 1] = lut[gram[i + 1]];
      rgb[o + 2] = lut[gram[i + bIn]];
    }
  }
  return { width: g.width, height: g.height, rgb };
}
