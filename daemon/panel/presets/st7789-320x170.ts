import { LANDSCAPE, st7789Module } from './st7789.js';

/**
 * 1.9" 170x320 glass used landscape (LilyGO T-Display-S3, 320x170 at rotation 0): native window (35, 0).
 * ST7789V facts (wiring, inversion, init): see ./st7789.ts.
 */
export const st7789_320x170 = st7789Module('st7789-320x170', { width: 170, height: 320, xOffset: 35, yOffset: 0 }, LANDSCAPE);
