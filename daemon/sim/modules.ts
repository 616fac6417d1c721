import { SSD1351_MAP } from './command-maps.js';
import { ili9341Module, type SimModuleModel } from './module-model.js';

type Glass = SimModuleModel['glass'];
const glass = (width: number, height: number, xOffset: number, yOffset: number, wiring: Partial<Glass>): Glass => ({
  width, height, xOffset, yOffset, mirrorX: false, mirrorY: false, bgr: false, needsInversion: false, ...wiring,
});

/**
 * ST7789V modules: 240x320 GRAM (ST7789V datasheet V1.0 §8.1), IPS glass
 * (shows true colours only with INVON), RGB filter order, GRAM column 0 on
 * the left at MADCTL 0 (fbtft fb_st7789v.c and TFT_eSPI use MADCTL 0 for
 * the upright portrait). COLMOD resets to 66h, 18 bit (§9.1.32 "Default").
 * Smaller glass sits in a window of the GRAM at the offsets module makers
 * publish (TFT_eSPI ST7789_Rotation.h colstart/rowstart at rotation 0).
 */
const st7789 = (g: Glass): SimModuleModel => ({ controller: 'ST7789V', gramWidth: 240, gramHeight: 320, glass: g, resetColmod: 0x66 });
const ips = { needsInversion: true };
// Landscape modules: the glass turned a quarter on the portrait controller, upright at MADCTL MV|MX
// (TFT_eSPI / Adafruit_ST7789 rotation 1 of the portrait glass).
const st7789Landscape = { ...ips, exchange: true, mirrorX: true };

/**
 * ST7735R modules, glass wired mirrored in both axes — the DRM st7735r driver
 * and Adafruit_ST7735 set MADCTL MX|MY for upright (drivers/gpu/drm/tiny/st7735r.c,
 * st7735r_pipe_enable). COLMOD resets to 06h, 18 bit (§10.1.29).
 * Memory as the controller addresses it (ST7735R datasheet V0.2 §9.11): 132x162
 * with GM = 00 (green tab), 128x160 with GM = 11 (red and black tab: Adafruit
 * and TFT_eSPI use (0,0) at every rotation); the 1.44" green tab behaves as
 * 132x132 (its four published windows, Adafruit INITR_144GREENTAB / TFT_eSPI
 * INITR_GREENTAB3, mirror about row 131; LovyanGFX Panel_ST7735.hpp lists that mode).
 * Filter: BGR on green and red tabs (Adafruit sends MADCTL BGR), RGB on black
 * tabs (Adafruit INITR_BLACKTAB sends MADCTL C0h).
 */
const st7735r = (g: Glass, gramWidth = 132, gramHeight = 162): SimModuleModel =>
  ({ controller: 'ST7735R', gramWidth, gramHeight, glass: g, resetColmod: 0x06 });
const mirrored = { mirrorX: true, mirrorY: true };

/** ILI9486 / ILI9488: 320x480 GRAM (ILI9486 datasheet V0.0.2 §1, ILI9488 V1.00 §1); COLMOD resets to 18 bit. */
const ili94xx = (controller: string, g: Glass, busWidth: 8 | 16 = 8): SimModuleModel =>
  ({ controller, gramWidth: 320, gramHeight: 480, glass: g, resetColmod: 0x66, busWidth });

/** The physical module the simulator models for each panel preset. */
export const SIM_MODULES: Readonly<Record<string, SimModuleModel>> = {
  ili9341: ili9341Module,
  ili9340: { ...ili9341Module, controller: 'ILI9340' },
  st7789: st7789(glass(240, 320, 0, 0, ips)),
  // 1.3"/1.54" 240x240: the glass covers GRAM rows 0..239, so rows 240..319 are off-glass.
  'st7789-240x240': st7789(glass(240, 240, 0, 0, ips)),
  // 1.14" 135x240 (TTGO T-Display): colstart 52, rowstart 40.
  'st7789-135x240': st7789(glass(135, 240, 52, 40, ips)),
  // 1.69" 240x280: rowstart 20, centred in the 320 rows.
  'st7789-240x280': st7789(glass(240, 280, 0, 20, ips)),
  'st7789-280x240': st7789(glass(280, 240, 0, 20, st7789Landscape)),
  // 1.47" 172x320: colstart 34.
  'st7789-172x320': st7789(glass(172, 320, 34, 0, ips)),
  // 1.9" 170x320 used landscape (LilyGO T-Display-S3): colstart 35.
  'st7789-320x170': st7789(glass(320, 170, 35, 0, st7789Landscape)),
  // 1.8" 128x160 green tab: Adafruit colstart 2, rowstart 1 at MX|MY — symmetric in 132x162, so native (2, 1).
  st7735r: st7735r(glass(128, 160, 2, 1, { ...mirrored, bgr: true })),
  'st7735r-green': st7735r(glass(128, 160, 2, 1, { ...mirrored, bgr: true })),
  // 1.8" 128x160 red tab: the whole 128x160 memory, BGR. Black tab: the same, RGB.
  'st7735r-red': st7735r(glass(128, 160, 0, 0, { ...mirrored, bgr: true }), 128, 160),
  'st7735r-black': st7735r(glass(128, 160, 0, 0, { ...mirrored, bgr: false }), 128, 160),
  // 1.44" 128x128 green tab: (2,3) at MX|MY and (2,1) at MADCTL 0 → native (2, 1) of a 132x132 memory.
  'st7735r-128x128': st7735r(glass(128, 128, 2, 1, { ...mirrored, bgr: true }), 132, 132),
  // 0.96" 160x80 IPS (Adafruit INITR_MINI160x80_PLUGIN: colstart 26, rowstart 1, BGR, inverted),
  // used landscape: upright at MADCTL MV|MY, where the CASET/RASET start is (1, 26).
  'st7735r-160x80': st7735r(glass(160, 80, 26, 1, { exchange: true, mirrorY: true, bgr: true, needsInversion: true })),
  // Generic 3.5" 320x480 SPI modules: wired like the ILI9341 ones (TFT_eSPI ILI9486_Rotation.h: MX|BGR upright);
  // true colours only with INVON (TFT_eSPI ILI9486_Init.h sends INVON on a serial link).
  ili9486: ili94xx('ILI9486', glass(320, 480, 0, 0, { mirrorX: true, bgr: true, needsInversion: true })),
  // Waveshare 3.5" (A) / PiScreen: 16-bit shift register, landscape; DRM ili9486.c rotation 0 = MV|MY|MX|BGR.
  'ili9486-waveshare': ili94xx('ILI9486', glass(480, 320, 0, 0, { exchange: true, mirrorX: true, mirrorY: true, bgr: true }), 16),
  ili9488: ili94xx('ILI9488', glass(320, 480, 0, 0, { mirrorX: true, bgr: true })),
  // 1.28" round 240x240 IPS (GC9A01A datasheet V1.0): upright at MADCTL BGR (Waveshare demo, TFT_eSPI GC9A01_Rotation.h).
  gc9a01: { controller: 'GC9A01', gramWidth: 240, gramHeight: 240, glass: glass(240, 240, 0, 0, { bgr: true, needsInversion: true }), resetColmod: 0x66 },
  // Adafruit 3.5" HX8357-D: drivers/gpu/drm/tiny/hx8357d.c rotation 0 = MX|MY; RGB filter (Adafruit_HX8357 MADCTL_RGB).
  hx8357d: { controller: 'HX8357-D', gramWidth: 320, gramHeight: 480, glass: glass(320, 480, 0, 0, { mirrorX: true, mirrorY: true }), resetColmod: 0x66 },
  // 1.5" 128x128 OLED: Adafruit_SSD1351 rotation 0 = A0h bit 4 (COM remap) with A[2] colour remap for RGB565.
  ssd1351: {
    controller: 'SSD1351', commandMap: SSD1351_MAP, gramWidth: 128, gramHeight: 128,
    glass: glass(128, 128, 0, 0, { mirrorY: true, bgr: true }), resetColmod: 0, resetAddressMode: 0x40,
  },
};
