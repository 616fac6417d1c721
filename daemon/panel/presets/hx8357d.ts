import { definePanel } from './define.js';

/**
 * HX8357-D 3.5" 320x480 modules (Adafruit 3.5" TFT FeatherWing / breakout).
 *
 * Wiring: mirrored in both axes — drivers/gpu/drm/tiny/hx8357d.c:
 * 0 → MX|MY, 90 → MV|MY, 180 → 0, 270 → MV|MX; Adafruit_HX8357 the same
 * with MADCTL_RGB. Derived table: identical (this DRM driver turns clockwise).
 * Vendor init: hx8357d.c yx240qv29_enable, in its order (extension unlock
 * B9h, then RGB/SDO, VCOM, oscillator, panel, power, STBA, cycle, gamma, TE
 * settings). Where the sources disagree: hx8357d.c defines HX8357D_SETCYC as
 * 0xb3, the same value as SETRGB, so it sends its cycle parameters to B3h;
 * Adafruit_HX8357 (whose initd[] table hx8357d.c follows, and whose
 * copyright it carries) defines HX8357D_SETCYC 0xB4 and sends them there.
 * We follow Adafruit: B4h is the register those 7 parameters are for, and
 * B3h already got SETRGB's 4.
 * SETGAMMA E0h: 34 bytes, hx8357d.c and Adafruit_HX8357 initd[] the same.
 */
/** SETGAMMA (E0h) parameters, drivers/gpu/drm/tiny/hx8357d.c: 34 bytes. */
export const HX8357D_GAMMA = [
  0x02, 0x0a, 0x11, 0x1d, 0x23, 0x35, 0x41, 0x4b, 0x4b, 0x42, 0x3a, 0x27, 0x1b, 0x08, 0x09, 0x03,
  0x02, 0x0a, 0x11, 0x1d, 0x23, 0x35, 0x41, 0x4b, 0x4b, 0x42, 0x3a, 0x27, 0x1b, 0x08, 0x09, 0x03,
  0x00, 0x01,
];

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
    { cmd: 0xe0, params: HX8357D_GAMMA }, // SETGAMMA
    { cmd: 0x35, params: [0x00] }, // TEON, V-blank only
    { cmd: 0x44, params: [0x00, 0x02] }, // TEARLINE
  ],
  // HX8357-D serial write cycle ≥ 66 ns (15 MHz) — assumed from the HX8357 family; not confirmed.
  maxHz: { command: 15_000_000, pixels: 15_000_000 },
});
