import type { PanelSpec } from '../panel-spec.js';
import { definePanel } from './define.js';

/**
 * ST7735R/S 1.8" 128x160 modules. Three kinds are sold, told apart by the
 * colour of the tab on the screen's protective film (Adafruit_ST7735.cpp
 * initR(): "Tab color from adafruit purchase"); they differ in where the
 * glass sits in the controller's memory and in the colour filter order.
 *
 * Wiring, every tab: mirrored in both axes — upright is MADCTL MX|MY
 * (Adafruit_ST7735 setRotation(0); TFT_eSPI ST7735_Rotation.h rotation 0;
 * DRM drivers/gpu/drm/tiny/st7735r.c: 0 → MX|MY, 90 → MX|MV, 180 → 0,
 * 270 → MY|MV). Derived table: 0 → MX|MY, 90 → MV|MY, 180 → 0,
 * 270 → MV|MX — Adafruit's rotations 0..3. The DRM driver's 90 is our 270:
 * it turns counter-clockwise.
 *
 * Memory: ST7735R datasheet V0.2 §9.11 — with GM = 00 the controller
 * addresses 132x162 (MX mirrors about column 131, MY about row 161), with
 * GM = 11 it addresses 128x160. The tabs' published windows fit one of the
 * two and no other:
 * - green tab (Adafruit INITR_GREENTAB; TFT_eSPI INITR_GREENTAB2): colstart
 *   2, rowstart 1, swapped under MV — (2,1) at rotations 0 and 2, (1,2) at
 *   1 and 3. That is one 128x160 rectangle at (2,1) of a 132x162 memory.
 *   TFT_eSPI's plain INITR_GREENTAB keeps (2,1) at every rotation, which
 *   misses by one under MV; its own GREENTAB2 ("use if you get random
 *   pixels on two edges of green tab display") and Adafruit swap, and we
 *   follow them because only that reading is one rectangle.
 *   BGR: Adafruit sends MADCTL BGR for every tab except black (TFT_eSPI
 *   leaves the colour order to the user's setup, TFT_MAD_COLOR_ORDER).
 * - red tab (Adafruit Rcmd2red, "red tab only": colstart = rowstart = 0;
 *   TFT_eSPI INITR_REDTAB, Rcmd2red): (0,0) at every rotation, so the
 *   memory is 128x160 (a 132x162 memory would need (4,2) at rotation 0).
 *   BGR as green. (Adafruit_ST7735.h defines INITR_REDTAB and
 *   INITR_144GREENTAB both as 0x01, so today's initR(INITR_REDTAB) runs the
 *   1.44" branch; the red-tab numbers are its Rcmd2red table and TFT_eSPI,
 *   which keeps the two apart.)
 * - black tab (Adafruit INITR_BLACKTAB: Rcmd2red window, then MADCTL C0h,
 *   i.e. MX|MY without BGR; TFT_eSPI INITR_BLACKTAB, "display with no
 *   offsets"): (0,0), 128x160, RGB filter. The DRM driver's jd-t18003-t01
 *   (the Adafruit 1.8" panel) agrees: no offsets and MADCTL bit 3 clear
 *   (its `rgb` flag sets bit 3 only for the rh128128t).
 *
 * Vendor init: DRM st7735r_pipe_enable / Adafruit Rcmd1 (frame rate,
 * inversion control, power, VCOM) and the gamma tables both send (DRM
 * GAMCTRP1/GAMCTRN1, Adafruit Rcmd3 GMCTRP1/GMCTRN1: the same 16 bytes each).
 */
export const ST7735R_INIT = [
  { cmd: 0xb1, params: [0x01, 0x2c, 0x2d] }, // FRMCTR1 (§10.2.1)
  { cmd: 0xb2, params: [0x01, 0x2c, 0x2d] }, // FRMCTR2
  { cmd: 0xb3, params: [0x01, 0x2c, 0x2d, 0x01, 0x2c, 0x2d] }, // FRMCTR3
  { cmd: 0xb4, params: [0x07] }, // INVCTR: column inversion
  { cmd: 0xc0, params: [0xa2, 0x02, 0x84] }, // PWCTR1
  { cmd: 0xc1, params: [0xc5] }, // PWCTR2
  { cmd: 0xc2, params: [0x0a, 0x00] }, // PWCTR3
  { cmd: 0xc3, params: [0x8a, 0x2a] }, // PWCTR4
  { cmd: 0xc4, params: [0x8a, 0xee] }, // PWCTR5
  { cmd: 0xc5, params: [0x0e] }, // VMCTR1
  // GMCTRP1 / GMCTRN1, 16 parameters each: DRM st7735r.c (GAMCTRP1/N1) and Adafruit Rcmd3, byte for byte.
  { cmd: 0xe0, params: [0x02, 0x1c, 0x07, 0x12, 0x37, 0x32, 0x29, 0x2d, 0x29, 0x25, 0x2b, 0x39, 0x00, 0x01, 0x03, 0x10] },
  { cmd: 0xe1, params: [0x03, 0x1d, 0x07, 0x06, 0x2e, 0x2c, 0x29, 0x2d, 0x2e, 0x2e, 0x37, 0x3f, 0x00, 0x00, 0x02, 0x10] },
];

/** GM = 00 memory (ST7735R §9.11.2). */
export const ST7735R_GRAM_132X162 = { width: 132, height: 162 };
/** GM = 11 memory (ST7735R §9.11.1). */
export const ST7735R_GRAM_128X160 = { width: 128, height: 160 };

/** An ST7735R module: a visible window of its memory (132x162 unless `extra.gram` says otherwise), native coordinates. */
export function st7735rModule(name: string, visible: PanelSpec['visible'], extra: Partial<PanelSpec> = {}): PanelSpec {
  return definePanel({
    name,
    controller: 'ST7735R',
    gram: ST7735R_GRAM_132X162,
    visible,
    wiring: { mirrorX: true, mirrorY: true },
    bgr: true,
    invert: false,
    wireFormat: 'rgb565',
    init: ST7735R_INIT,
    // ST7735R §9.4: serial write cycle ≥ 66 ns (15 MHz).
    maxHz: { command: 15_000_000, pixels: 15_000_000 },
    ...extra,
  });
}

/** Green tab: 128x160 at (2,1) of the 132x162 memory, BGR. */
export const st7735r_green = st7735rModule('st7735r-green', { width: 128, height: 160, xOffset: 2, yOffset: 1 });

/** `st7735r`: the green-tab preset under its old name, so existing configs keep working. */
export const st7735r: PanelSpec = { ...st7735r_green, name: 'st7735r' };

/** Red tab: the whole 128x160 memory, BGR. */
export const st7735r_red = st7735rModule('st7735r-red', { width: 128, height: 160, xOffset: 0, yOffset: 0 }, {
  gram: ST7735R_GRAM_128X160,
});

/** Black tab: the whole 128x160 memory, RGB. */
export const st7735r_black = st7735rModule('st7735r-black', { width: 128, height: 160, xOffset: 0, yOffset: 0 }, {
  gram: ST7735R_GRAM_128X160,
  bgr: false,
});
