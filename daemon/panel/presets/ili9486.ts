import { definePanel } from './define.js';

/**
 * ILI9486 3.5" 320x480 modules on a plain 4-wire SPI link (DBI type C,
 * option 3). Over this interface the ILI9486 takes 18-bit pixels, 3 bytes
 * each (ILI9486 datasheet §7.6 "Serial interface": 16 bpp is offered only
 * on the parallel interfaces), so the wire format is rgb666: the rgb565
 * framebuffer is widened by ../wire-pack.ts.
 *
 * Wiring as the ILI9341 modules: upright at MX|BGR (TFT_eSPI
 * ILI9486_Rotation.h rotation 0). Derived table: 0 → MX, 90 → MV, 180 → MY,
 * 270 → MV|MX|MY. Vendor init: drivers/gpu/drm/tiny/ili9486.c waveshare_enable
 * (the same values as fbtft fb_ili9486.c, "this init sequence matches
 * PiScreen").
 *
 * Inversion: these plain-SPI modules need INVON. TFT_eSPI
 * TFT_Drivers/ILI9486_Init.h sends INVON on a serial link and INVOFF only
 * for parallel buses and RPI_DISPLAY_TYPE (the Raspberry Pi boards with a
 * 16-bit shift register); DRM ili9486.c and fbtft fb_ili9486.c send neither,
 * because they drive exactly those Pi boards (waveshare,rpi-lcd-35,
 * ozzmaker,piscreen). We follow TFT_eSPI here, the only source for the
 * plain-SPI modules, and the DRM/fbtft drivers for ./ili9486-waveshare.ts.
 */
export const ILI9486_INIT = [
  { cmd: 0xb0, params: [0x00] }, // ITFCTR1: interface mode control
  { cmd: 0xc2, params: [0x44] }, // PWCTRL3
  { cmd: 0xc5, params: [0x00, 0x00, 0x00, 0x00] }, // VMCTRL1
  { cmd: 0xe0, params: [0x0f, 0x1f, 0x1c, 0x0c, 0x0f, 0x08, 0x48, 0x98, 0x37, 0x0a, 0x13, 0x04, 0x11, 0x0d, 0x00] },
  { cmd: 0xe1, params: [0x0f, 0x32, 0x2e, 0x0b, 0x0d, 0x05, 0x47, 0x75, 0x37, 0x06, 0x10, 0x03, 0x24, 0x20, 0x00] },
  { cmd: 0xe2, params: [0x0f, 0x32, 0x2e, 0x0b, 0x0d, 0x05, 0x47, 0x75, 0x37, 0x06, 0x10, 0x03, 0x24, 0x20, 0x00] },
];

export const ili9486 = definePanel({
  name: 'ili9486',
  controller: 'ILI9486',
  gram: { width: 320, height: 480 },
  visible: { width: 320, height: 480, xOffset: 0, yOffset: 0 },
  wiring: { mirrorX: true },
  bgr: true,
  invert: true, // TFT_eSPI ILI9486_Init.h: INVON unless parallel / RPI_DISPLAY_TYPE
  wireFormat: 'rgb666',
  init: ILI9486_INIT,
  // ILI9486 §12.3: serial write cycle ≥ 66 ns (15 MHz); 20 MHz+ works on most modules.
  maxHz: { command: 15_000_000, pixels: 20_000_000 },
});
