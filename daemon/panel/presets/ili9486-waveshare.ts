import { definePanel } from './define.js';
import { ILI9486_INIT } from './ili9486.js';

/**
 * Waveshare 3.5" (A) / PiScreen (rpi-lcd-35): an ILI9486 on its 16-bit
 * parallel bus behind 16-bit shift registers, so every command and
 * parameter byte is sent as a 16-bit big-endian word (high byte 0) and each
 * pixel as one RGB565 word (drivers/gpu/drm/tiny/ili9486.c,
 * waveshare_command(); COLMOD 55h).
 *
 * Landscape 480x320 at rotation 0 (its DRM mode is 480x320); the DRM table
 * is 0 → MV|MY|MX, 90 → MY, 180 → MV, 270 → MX (| BGR). Wiring read off its
 * rotation 0: glass turned a quarter, mirrored in both axes. Derived table:
 * 0 → MV|MX|MY, 90 → MX, 180 → MV, 270 → MY — so the DRM driver's 90 is our
 * 270 (it turns counter-clockwise, like fbtft).
 * No INVON: DRM ili9486.c and fbtft fb_ili9486.c send none for these boards,
 * and TFT_eSPI ILI9486_Init.h sends INVOFF for RPI_DISPLAY_TYPE (unlike the
 * plain-SPI ./ili9486.ts).
 */
export const ili9486_waveshare = definePanel({
  name: 'ili9486-waveshare',
  controller: 'ILI9486',
  gram: { width: 320, height: 480 },
  visible: { width: 320, height: 480, xOffset: 0, yOffset: 0 },
  wiring: { exchange: true, mirrorX: true, mirrorY: true },
  bgr: true,
  invert: false,
  wireFormat: 'rgb565',
  busWidth: 16,
  init: ILI9486_INIT,
  // The waveshare35a overlay's speed; the shift registers, not the ILI9486, set the limit.
  maxHz: { command: 16_000_000, pixels: 16_000_000 },
});
