import { st7789Module } from './st7789.js';

/**
 * 1.69" 240x280 (portrait): window at native (0, 20), centred in the 320 rows.
 * ST7789V facts (wiring, inversion, init): see ./st7789.ts.
 */
export const st7789_240x280 = st7789Module('st7789-240x280', { width: 240, height: 280, xOffset: 0, yOffset: 20 });
