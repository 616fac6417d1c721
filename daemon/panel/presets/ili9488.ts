import { definePanel } from './define.js';

/**
 * ILI9488 3.5" 320x480 modules. Over the 4-wire SPI interface the ILI9488
 * accepts only 3 or 18 bits per pixel (ILI9488 datasheet V1.00 §4.7 "Serial
 * interface", COLMOD 3Ah: DBI 16 bpp is parallel-only), so the wire is
 * rgb666 and COLMOD 66h.
 *
 * Wiring as the ILI9341 modules: upright at MX|BGR (TFT_eSPI
 * ILI9488_Rotation.h rotation 0). Derived table: 0 → MX, 90 → MV, 180 → MY,
 * 270 → MV|MX|MY. Vendor init: power, VCOM, frame rate, as the module
 * vendors' (LCDWiki MSP3520) example code.
 */
export const ili9488 = definePanel({
  name: 'ili9488',
  controller: 'ILI9488',
  gram: { width: 320, height: 480 },
  visible: { width: 320, height: 480, xOffset: 0, yOffset: 0 },
  wiring: { mirrorX: true },
  bgr: true,
  invert: false,
  wireFormat: 'rgb666',
  init: [
    { cmd: 0xc0, params: [0x17, 0x15] }, // PWCTRL1
    { cmd: 0xc1, params: [0x41] }, // PWCTRL2
    { cmd: 0xc5, params: [0x00, 0x12, 0x80] }, // VMCTRL
    { cmd: 0xb0, params: [0x00] }, // interface mode: SDO used
    { cmd: 0xb1, params: [0xa0] }, // frame rate 60 Hz
    { cmd: 0xb4, params: [0x02] }, // 2-dot inversion
    { cmd: 0xb6, params: [0x02, 0x02] }, // display function control
    { cmd: 0xe9, params: [0x00] }, // set image function: 24-bit bus off
    { cmd: 0xf7, params: [0xa9, 0x51, 0x2c, 0x82] }, // adjust control 3
  ],
  // ILI9488 §17.4.2: serial write cycle ≥ 50 ns (20 MHz).
  maxHz: { command: 20_000_000, pixels: 20_000_000 },
});
