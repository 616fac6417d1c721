import { st7789Module } from './st7789.js';

/**
 * 1.47" 172x320: window at native (34, 0).
 * ST7789V facts (wiring, inversion, init): see ./st7789.ts.
 */
export const st7789_172x320 = st7789Module('st7789-172x320', { width: 172, height: 320, xOffset: 34, yOffset: 0 });
