import { LANDSCAPE, st7789Module } from './st7789.js';

/**
 * 1.69" 240x280 glass used landscape (280x240 at rotation 0): native window (0, 20), glass turned a quarter.
 * ST7789V facts (wiring, inversion, init): see ./st7789.ts.
 */
export const st7789_280x240 = st7789Module('st7789-280x240', { width: 240, height: 280, xOffset: 0, yOffset: 20 }, LANDSCAPE);
