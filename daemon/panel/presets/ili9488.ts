import { definePanel } from './define.js';

/**
 * ILI9488 3.5" 320x480 modules. Over the 4-wire SPI interface the ILI9488
 * accepts only 3 or 18 bits per pixel (ILI9488 datasheet V1.00 §4.7 "Serial
 * interface", COLMOD 3Ah: DBI 16 bpp is parallel-only), so the wire is
 * rgb666 and COLMOD 66h.
 *
 * Wiring as the ILI9341 modules: upright at MX|BGR (TFT_eSPI
 * ILI9488_Rotation.h rotation 0). Derived table: 0 → MX, 90 → MV, 180 → MY,
 * 270 → MV|MX|MY. Vendor init: TFT_eSPI TFT_Drivers/ILI9488_Init.h in its
 * order — PGAMCTRL/NGAMCTRL (E0h/E1h, 15 bytes each), then power, VCOM,
 * interface, frame rate, inversion, display function control, entry mode
 * and adjust control 3 (3Ah, 36h, 11h, 29h are DcsPanel's). The power,
 * VCOM and frame-rate values were first taken from the module vendor's
 * (LCDWiki MSP3520) example code and are the ones TFT_eSPI sends too; E9h
 * (24-bit bus off) is from that code only. B6h: TFT_eSPI sends three
 * parameters (02h 02h 3Bh); this preset used to send the first two only,
 * leaving the third (NL, the line count) to whatever it held — we follow
 * TFT_eSPI and send all three.
 */
/** ILI9488 E0h / E1h, TFT_eSPI ILI9488_Init.h: 15 bytes each. */
export const ILI9488_GAMMA_POSITIVE = [0x00, 0x03, 0x09, 0x08, 0x16, 0x0a, 0x3f, 0x78, 0x4c, 0x09, 0x0a, 0x08, 0x16, 0x1a, 0x0f];
export const ILI9488_GAMMA_NEGATIVE = [0x00, 0x16, 0x19, 0x03, 0x0f, 0x05, 0x32, 0x45, 0x46, 0x04, 0x0e, 0x0d, 0x35, 0x37, 0x0f];

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
    { cmd: 0xe0, params: ILI9488_GAMMA_POSITIVE }, // PGAMCTRL
    { cmd: 0xe1, params: ILI9488_GAMMA_NEGATIVE }, // NGAMCTRL
    { cmd: 0xc0, params: [0x17, 0x15] }, // PWCTRL1
    { cmd: 0xc1, params: [0x41] }, // PWCTRL2
    { cmd: 0xc5, params: [0x00, 0x12, 0x80] }, // VMCTRL
    { cmd: 0xb0, params: [0x00] }, // interface mode: SDO used
    { cmd: 0xb1, params: [0xa0] }, // frame rate 60 Hz
    { cmd: 0xb4, params: [0x02] }, // 2-dot inversion
    { cmd: 0xb6, params: [0x02, 0x02, 0x3b] }, // display function control (TFT_eSPI)
    { cmd: 0xb7, params: [0xc6] }, // entry mode set (TFT_eSPI)
    { cmd: 0xe9, params: [0x00] }, // set image function: 24-bit bus off
    { cmd: 0xf7, params: [0xa9, 0x51, 0x2c, 0x82] }, // adjust control 3
  ],
  // ILI9488 §17.4.2: serial write cycle ≥ 50 ns (20 MHz).
  maxHz: { command: 20_000_000, pixels: 20_000_000 },
});
