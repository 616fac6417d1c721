import { st7735rModule } from './st7735r.js';

/**
 * ST7735R 1.44" 128x128 modules. Adafruit_ST7735 INITR_144GREENTAB: colstart
 * 2, rowstart 3 at rotation 0 (MX|MY), i.e. native (132-2-128, 162-3-128) =
 * (2, 31): at 180° (MADCTL 0) the window starts 31 rows in — the "32-pixel
 * shift" people meet on these modules. Wiring as ./st7735r.ts.
 */
export const st7735r_128x128 = st7735rModule('st7735r-128x128', { width: 128, height: 128, xOffset: 2, yOffset: 31 });
