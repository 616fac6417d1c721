import { definePanel } from './define.js';

/**
 * ILI9341 240x320 modules (the common 2.2"–2.8" red boards).
 *
 * Wiring: GRAM column 0 is on the right-hand edge, so upright needs MADCTL MX
 * (drivers/gpu/drm/tiny/ili9341.c, yx240qv29_enable: 0 → MX, 90 → MV,
 * 180 → MY, 270 → MV|MY|MX, always | BGR). Derived table: the same.
 * fbtft fb_ili9341.c uses 90 → MY|MX|MV and 270 → MV: it turns the other way.
 * Vendor init as the DRM driver's.
 */
export const ILI9341_INIT = [
  { cmd: 0x28 }, // DISPOFF while configuring
  { cmd: 0xcf, params: [0x00, 0xc1, 0x30] }, // power control B
  { cmd: 0xed, params: [0x64, 0x03, 0x12, 0x81] }, // power on sequence
  { cmd: 0xe8, params: [0x85, 0x00, 0x78] }, // driver timing A
  { cmd: 0xcb, params: [0x39, 0x2c, 0x00, 0x34, 0x02] }, // power control A
  { cmd: 0xf7, params: [0x20] }, // pump ratio
  { cmd: 0xea, params: [0x00, 0x00] }, // driver timing B
  { cmd: 0xc0, params: [0x23] }, // power control 1
  { cmd: 0xc1, params: [0x10] }, // power control 2
  { cmd: 0xc5, params: [0x3e, 0x28] }, // VCOM control 1
  { cmd: 0xc7, params: [0x86] }, // VCOM control 2
  { cmd: 0xb1, params: [0x00, 0x1b] }, // frame rate 70 Hz
  { cmd: 0xf2, params: [0x00] }, // 3-gamma off
  { cmd: 0x26, params: [0x01] }, // gamma curve 1
  { cmd: 0xe0, params: [0x0f, 0x31, 0x2b, 0x0c, 0x0e, 0x08, 0x4e, 0xf1, 0x37, 0x07, 0x10, 0x03, 0x0e, 0x09, 0x00] },
  { cmd: 0xe1, params: [0x00, 0x0e, 0x14, 0x03, 0x11, 0x07, 0x31, 0xc1, 0x48, 0x08, 0x0f, 0x0c, 0x31, 0x36, 0x0f] },
  { cmd: 0xb7, params: [0x07] }, // entry mode
  { cmd: 0xb6, params: [0x08, 0x82, 0x27, 0x00] }, // display function control
];

export const ili9341 = definePanel({
  name: 'ili9341',
  controller: 'ILI9341',
  gram: { width: 240, height: 320 },
  visible: { width: 240, height: 320, xOffset: 0, yOffset: 0 },
  wiring: { mirrorX: true },
  bgr: true,
  invert: false,
  wireFormat: 'rgb565',
  init: ILI9341_INIT,
  // ILI9341 §19.4: write cycle ≥ 100 ns (10 MHz); modules run pixels far faster in practice.
  maxHz: { command: 10_000_000, pixels: 62_500_000 },
});
