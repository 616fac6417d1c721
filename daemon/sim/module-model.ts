import type { SimCommandMap } from './command-maps.js';

/**
 * What the simulator needs to know about a physical LCD *module*: the
 * controller's GRAM, and how the module maker wired that GRAM to the glass.
 *
 * The controller alone does not decide what the viewer sees: the same ILI9341
 * shows a mirrored image on one module and a correct one on another, because
 * the glass is bonded to the source/gate outputs in the order the module maker
 * chose. Drivers compensate with MADCTL; the simulator reproduces the wiring so
 * a driver that forgets to compensate draws a wrong picture here too.
 */
export interface SimModuleModel {
  /** Controller name, for messages. */
  controller: string;
  /** Command set the controller decodes (default MIPI DCS). */
  commandMap?: SimCommandMap;
  /**
   * Width of the controller's data bus behind the SPI link: 16 on boards with
   * a 16-bit shift register in front of a parallel-bus ILI9486 (Waveshare
   * 3.5" (A), PiScreen): every command and parameter is a 16-bit word whose
   * low byte counts (ILI9486 §7.2 "16-bit parallel interface", D[7:0] for
   * commands and parameters); pixels are one RGB565 word each.
   */
  busWidth?: 8 | 16;
  /** Native GRAM size (MADCTL = 0): columns x rows. ILI9341: 240x320. */
  gramWidth: number;
  gramHeight: number;
  /** The glass: which GRAM rectangle it is wired to (native coordinates), and how. */
  glass: {
    /** Visible pixels, physical orientation. */
    width: number;
    height: number;
    /** Top-left of the visible rectangle in native GRAM. */
    xOffset: number;
    yOffset: number;
    /**
     * The glass is mounted turned a quarter: glass columns run along native
     * GRAM rows (landscape modules on a portrait controller). Applied before
     * the mirrors: native (u, v) = exchange ? (gy, gx) : (gx, gy).
     */
    exchange?: boolean;
    /** The module wires GRAM columns / rows to the glass reversed. */
    mirrorX: boolean;
    mirrorY: boolean;
    /** Colour filter order of the glass is B,G,R. */
    bgr: boolean;
    /** IPS glass: shows true colours only with INVON. */
    needsInversion: boolean;
  };
  /** COLMOD value after reset (ILI9341/ST7789: 0x66, 18-bit). */
  resetColmod: number;
  /** Address-mode register (MADCTL, SSD1351 A0h) after reset; default 0. */
  resetAddressMode?: number;
}

/**
 * The common 2.2"–3.2" ILI9341 SPI module (240x320 TN glass).
 *
 * mirrorX: on these modules GRAM column 0 ends up on the right-hand edge, which
 * is why the Linux DRM driver (drivers/gpu/drm/tiny/ili9341.c,
 * yx240qv29_enable) sets MADCTL MX at rotation 0 (MV at 90, MY at 180,
 * MV|MY|MX at 270); with MX=0 the picture is mirrored left-right.
 * bgr: the same driver ORs MADCTL BGR into every rotation, so the glass filter
 * order is B,G,R.
 * resetColmod 0x66: ILI9341 datasheet V1.11 §8.2.33 (Pixel Format Set), default
 * DPI/DBI = 18 bits/pixel.
 */
export const ili9341Module: SimModuleModel = {
  controller: 'ILI9341',
  gramWidth: 240,
  gramHeight: 320,
  glass: {
    width: 240,
    height: 320,
    xOffset: 0,
    yOffset: 0,
    mirrorX: true,
    mirrorY: false,
    bgr: true,
    needsInversion: false,
  },
  resetColmod: 0x66,
};
