import { st7735rModule } from './st7735r.js';

/**
 * ST7735S 0.96" 80x160 IPS modules used landscape (160x80 at rotation 0).
 * Adafruit_ST7735 INITR_MINI160x80_PLUGIN: colstart 26, rowstart 1 in
 * portrait (MX|MY), inverted, BGR — native window (26, 1), symmetric in
 * 132x162. Landscape upright is the portrait glass's 90° (MADCTL MV|MY,
 * Adafruit/TFT_eSPI rotation 1), where the CASET/RASET start is (1, 26).
 * Derived table: 0 → MV|MY, 90 → 0, 180 → MV|MX, 270 → MX|MY.
 */
export const st7735r_160x80 = st7735rModule('st7735r-160x80', { width: 80, height: 160, xOffset: 26, yOffset: 1 }, {
  wiring: { exchange: true, mirrorY: true },
  invert: true,
});
