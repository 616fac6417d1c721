/**
 * The MIPI DCS 1.02 commands the simulated controller decodes, with their
 * parameter counts. Section numbers are those of the ILI9341 datasheet V1.11,
 * §8.2 ("Level 1 commands"). Kept apart from daemon/panel on purpose: the
 * decoder is written from the datasheet, not from the encoder it checks.
 */
export const DCS = {
  NOP: 0x00, // §8.2.1, also ends a memory write
  SWRESET: 0x01, // §8.2.2
  SLPIN: 0x10, // §8.2.11
  SLPOUT: 0x11, // §8.2.12
  NORON: 0x13, // §8.2.14
  INVOFF: 0x20, // §8.2.15
  INVON: 0x21, // §8.2.16
  GAMSET: 0x26, // §8.2.17, 1 parameter
  DISPOFF: 0x28, // §8.2.18
  DISPON: 0x29, // §8.2.19
  CASET: 0x2a, // §8.2.20, SC[15:8] SC[7:0] EC[15:8] EC[7:0]
  RASET: 0x2b, // §8.2.21 (PASET), SP[15:8] SP[7:0] EP[15:8] EP[7:0]
  RAMWR: 0x2c, // §8.2.22
  TEOFF: 0x34, // §8.2.27
  TEON: 0x35, // §8.2.28, 1 parameter
  MADCTL: 0x36, // §8.2.29, 1 parameter
  COLMOD: 0x3a, // §8.2.33 (Pixel Format Set), 1 parameter
  RAMWRC: 0x3c, // §8.2.34 (Write Memory Continue)
  WRDISBV: 0x51, // §8.2.38, 1 parameter
} as const;

/** MADCTL bits, ILI9341 §8.2.29 (the same bit layout on ST7735R, ST7789V, ILI9486). */
export const MADCTL_MY = 0x80;
export const MADCTL_MX = 0x40;
export const MADCTL_MV = 0x20;
export const MADCTL_BGR = 0x08;

/** Parameter bytes of each known command; known commands without parameters map to 0. */
export const DCS_PARAM_COUNT: ReadonlyMap<number, number> = new Map<number, number>([
  [DCS.NOP, 0], [DCS.SWRESET, 0], [DCS.SLPIN, 0], [DCS.SLPOUT, 0], [DCS.NORON, 0],
  [DCS.INVOFF, 0], [DCS.INVON, 0], [DCS.GAMSET, 1], [DCS.DISPOFF, 0], [DCS.DISPON, 0],
  [DCS.CASET, 4], [DCS.RASET, 4], [DCS.RAMWR, 0], [DCS.TEOFF, 0], [DCS.TEON, 1],
  [DCS.MADCTL, 1], [DCS.COLMOD, 1], [DCS.RAMWRC, 0], [DCS.WRDISBV, 1],
]);
