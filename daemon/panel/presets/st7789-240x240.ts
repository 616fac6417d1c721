import { st7789Module } from './st7789.js';

/**
 * ST7789V 1.3"/1.54" 240x240 IPS modules: the glass covers GRAM rows 0..239.
 * At MADCTL 0 the window starts at (0, 0); where MY mirrors the rows (180°:
 * MX+MY, 270°: MV+MY) it starts 80 rows (columns, under MV) in — the
 * "80-row offset" of these modules, derived by ../window.ts, not tabulated.
 * Boards without a CS pin need SPI mode 3: set `spi.mode` to 3 (sources in ./st7789.ts).
 * ST7789V facts (wiring, inversion, init): see ./st7789.ts.
 */
export const st7789_240x240 = st7789Module('st7789-240x240', { width: 240, height: 240, xOffset: 0, yOffset: 0 });
