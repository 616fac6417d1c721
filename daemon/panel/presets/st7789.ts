import type { GlassWiring } from '../madctl.js';
import type { PanelSpec } from '../panel-spec.js';
import { definePanel } from './define.js';

/**
 * ST7789V 240x320 IPS modules (2.0" and the base of every ST7789 variant).
 *
 * Wiring: upright at MADCTL 0 (fbtft fb_st7789v.c rotate 0 → 0; TFT_eSPI
 * rotation 0 → 0), RGB filter, IPS glass so INVON (fb_st7789v.c sends
 * ENTER_INVERT_MODE). Derived table: 0 → 0, 90 → MV|MX, 180 → MX|MY,
 * 270 → MV|MY; fbtft's rotate=90 is MV|MY, i.e. our 270.
 * COLMOD resets to 66h (18 bit, ST7789V §9.1.32): the driver always sends COLMOD.
 * Vendor init: fb_st7789v.c init_display (porch, gate, VCOM, power, gamma).
 */
export const ST7789_INIT = [
  { cmd: 0xb2, params: [0x0c, 0x0c, 0x00, 0x33, 0x33] }, // PORCTRL (§9.2.3)
  { cmd: 0xb7, params: [0x35] }, // GCTRL: VGH 13.26 V, VGL -10.43 V
  { cmd: 0xbb, params: [0x19] }, // VCOMS
  { cmd: 0xc0, params: [0x2c] }, // LCMCTRL
  { cmd: 0xc2, params: [0x01] }, // VDVVRHEN
  { cmd: 0xc3, params: [0x12] }, // VRHS
  { cmd: 0xc4, params: [0x20] }, // VDVS
  { cmd: 0xc6, params: [0x0f] }, // FRCTRL2: 60 Hz
  { cmd: 0xd0, params: [0xa4, 0xa1] }, // PWCTRL1
  { cmd: 0xe0, params: [0xd0, 0x04, 0x0d, 0x11, 0x13, 0x2b, 0x3f, 0x54, 0x4c, 0x18, 0x0d, 0x0b, 0x1f, 0x23] },
  { cmd: 0xe1, params: [0xd0, 0x04, 0x0c, 0x11, 0x13, 0x2c, 0x3f, 0x44, 0x51, 0x2f, 0x1f, 0x1f, 0x20, 0x23] },
];

/** An ST7789V module: a visible window of the 240x320 GRAM, native coordinates. */
export function st7789Module(name: string, visible: PanelSpec['visible'], wiring: GlassWiring = {}): PanelSpec {
  return definePanel({
    name,
    controller: 'ST7789V',
    gram: { width: 240, height: 320 },
    visible,
    wiring,
    bgr: false,
    invert: true,
    wireFormat: 'rgb565',
    init: ST7789_INIT,
    // ST7789V §7.4: serial write cycle ≥ 16 ns (62.5 MHz).
    maxHz: { command: 62_500_000, pixels: 62_500_000 },
  });
}

/** Landscape modules: the glass turned a quarter, upright at MADCTL MV|MX (the portrait glass's rotation 90). */
export const LANDSCAPE: GlassWiring = { exchange: true, mirrorX: true };

export const st7789 = st7789Module('st7789', { width: 240, height: 320, xOffset: 0, yOffset: 0 });
