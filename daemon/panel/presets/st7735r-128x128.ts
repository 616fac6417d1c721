import { st7735rModule } from './st7735r.js';

/**
 * ST7735R/S 1.44" 128x128 green-tab modules (Adafruit 2088, the common
 * eBay/AliExpress 1.44" boards).
 *
 * Windows, as the libraries send them (CASET start, RASET start):
 * Adafruit_ST7735 INITR_144GREENTAB — colstart 2, rowstart 3 for rotations
 * 0 and 1 and 1 for rotations 2 and 3 (setRotation: "_rowstart is 3 for
 * rotations 0&1, 1 for rotations 2&3"), swapped under MV; TFT_eSPI
 * INITR_GREENTAB3 (ST7735_Rotation.h) the same: (2,3) at 0 (MX|MY), (3,2)
 * at 1 (MY|MV), (2,1) at 2 (MADCTL 0), (1,2) at 3 (MX|MV).
 *
 * Those four fit one glass rectangle only if MX and MY mirror about column
 * and row 131, i.e. a 132x132 address space: the glass is native (2,1) to
 * (129,128), and at MX|MY the first row is 131-128 = 3. Neither memory the
 * ST7735R datasheet V0.2 §9.11 lists does that (132x162 would put rotation
 * 0 at row 31 — what this preset used to do, leaving 180° and 270° 30
 * lines off); LovyanGFX Panel_ST7735.hpp names the third mode ("132x162 /
 * 128x160 / 132x132, depending on the mode select pin status"). So the
 * preset models a 132x132 memory; the windows are derived from it and
 * checked against the numbers above in test/daemon/panel/presets-windows.test.ts.
 *
 * Where sources disagree: the DRM st7735r driver's okaya,rh128128t config
 * adds (2,3) at every rotation (mipi_dbi left/top offsets do not follow
 * MADCTL), which agrees with the libraries at rotation 0 only; we follow the
 * libraries, which tabulate all four. That DRM config also sets MADCTL bit 3
 * (BGR), like Adafruit's 1.44" — BGR here.
 * Wiring, init: ./st7735r.ts.
 */
export const st7735r_128x128 = st7735rModule('st7735r-128x128', { width: 128, height: 128, xOffset: 2, yOffset: 1 }, {
  gram: { width: 132, height: 132 },
});
