import { definePanel } from './define.js';

/**
 * HX8357-D 3.5" 320x480 modules (Adafruit 3.5" TFT FeatherWing / breakout).
 *
 * Wiring: mirrored in both axes — drivers/gpu/drm/tiny/hx8357d.c:
 * 0 → MX|MY, 90 → MV|MY, 180 → 0, 270 → MV|MX; Adafruit_HX8357 the same
 * with MADCTL_RGB. Derived table: identical (this DRM driver turns clockwise).
 * Vendor init: yx350hv15_enable (extension unlock B9h, then oscillator,
 * panel, power, cycle and TE settings).
 */
export const hx8357d = definePanel({
  name: 'hx8357d',
  controller: 'HX8357-D',
  gram: { width: 320, height: 480 },
  visible: { width: 320, height: 480, xOffset: 0, yOffset: 0 },
  wiring: { mirrorX: true, mirrorY: true },
  bgr: false,
  invert: false,
  wireFormat: 'rgb565',
  init: [
    { cmd: 0xb9, params: [0xff, 0x83, 0x57], delayMs: 150 }, // SETEXTC: enable extension commands
    { cmd: 0xb3, params: [0x00, 0x00, 0x06, 0x06] }, // SETRGB: MCU interface (RGB interface off)
    { cmd: 0xb6, params: [0x25] }, // SETCOM: VCOM -1.52 V
    { cmd: 0xb0, params: [0x68] }, // SETOSC: normal mode 70 Hz
    { cmd: 0xcc, params: [0x05] }, // SETPANEL, as the DRM driver sends it
    { cmd: 0xb1, params: [0x00, 0x15, 0x1c, 0x1c, 0x83, 0xaa] }, // SETPWR1
    { cmd: 0xc0, params: [0x50, 0x50, 0x01, 0x3c, 0x1e, 0x08] }, // SETSTBA
    { cmd: 0xb4, params: [0x02, 0x40, 0x00, 0x2a, 0x2a, 0x0d, 0x78] }, // SETCYC
    { cmd: 0x35, params: [0x00] }, // TEON, V-blank only
    { cmd: 0x44, params: [0x00, 0x02] }, // TEARLINE
  ],
  // HX8357-D serial write cycle ≥ 66 ns (15 MHz) — assumed from the HX8357 family; not confirmed.
  maxHz: { command: 15_000_000, pixels: 15_000_000 },
});
