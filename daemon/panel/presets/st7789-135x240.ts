import { st7789Module } from './st7789.js';

/**
 * ST7789V 1.14" 135x240 IPS modules (TTGO T-Display, Adafruit 1.14"): window
 * at native (52, 40) (TFT_eSPI rotation 0: colstart 52, rowstart 40). At 180°
 * (MX+MY) the window starts at (53, 40) and at 90° (MV+MX) at (40, 53) — the
 * TFT_eSPI numbers, derived by ../window.ts.
 * ST7789V facts (wiring, inversion, init): see ./st7789.ts.
 */
export const st7789_135x240 = st7789Module('st7789-135x240', { width: 135, height: 240, xOffset: 52, yOffset: 40 });
