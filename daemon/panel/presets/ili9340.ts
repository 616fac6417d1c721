import { definePanel } from './define.js';
import { ILI9341_INIT } from './ili9341.js';

/**
 * ILI9340 240x320 modules (Adafruit 2.2", older 2.4"). The ILI9340 is the
 * ILI9341's predecessor with the same DCS command set and MADCTL layout;
 * modules are wired the same (fbtft fb_ili9340.c: rotate 0 → MX|BGR), so the
 * same derived table: 0 → MX, 90 → MV, 180 → MY, 270 → MV|MX|MY. The
 * ILI9341 vendor init is accepted by it (fb_ili9340.c sends the same
 * power/VCOM/gamma commands).
 */
export const ili9340 = definePanel({
  name: 'ili9340',
  controller: 'ILI9340',
  gram: { width: 240, height: 320 },
  visible: { width: 240, height: 320, xOffset: 0, yOffset: 0 },
  wiring: { mirrorX: true },
  bgr: true,
  invert: false,
  wireFormat: 'rgb565',
  init: ILI9341_INIT,
  maxHz: { command: 10_000_000, pixels: 40_000_000 },
});
