/** MIPI DCS 1.02 command bytes (Table 6 "Display Command Set") used by the driver. */
export const DCS = {
  NOP: 0x00,
  SOFT_RESET: 0x01,
  ENTER_SLEEP: 0x10,
  EXIT_SLEEP: 0x11,
  INVERT_OFF: 0x20,
  INVERT_ON: 0x21,
  DISPLAY_OFF: 0x28,
  DISPLAY_ON: 0x29,
  SET_COLUMN: 0x2a, // CASET
  SET_PAGE: 0x2b, // RASET / PASET
  WRITE_MEMORY: 0x2c, // RAMWR
  TEARING_ON: 0x35, // TEON
  SET_ADDRESS_MODE: 0x36, // MADCTL
  SET_PIXEL_FORMAT: 0x3a, // COLMOD
} as const;

/** COLMOD values: DPI and DBI nibbles both set (MIPI DCS §6.4 set_pixel_format). */
export const COLMOD_16BIT = 0x55;
export const COLMOD_18BIT = 0x66;
