import { COLMOD_16BIT, COLMOD_18BIT, DCS } from './dcs.js';
import { MADCTL_BGR, MADCTL_MV, MADCTL_MX, MADCTL_MY } from './madctl.js';
import type { WireFormat } from './panel-spec.js';

/**
 * A controller family's command bytes and encodings, so one driver serves
 * MIPI-DCS controllers and the SSD1351 alike. Orientation is always computed
 * in DCS MADCTL terms (MV/MX/MY) and translated here.
 */
export interface CommandSet {
  family: 'mipi-dcs' | 'ssd1351';
  column: number;
  row: number;
  writeMemory: number;
  /** Bytes per address in column/row parameters: 2 = 16-bit big-endian (DCS), 1 (SSD1351). */
  addressBytes: 1 | 2;
  /** DCS: CASET/RASET take logical (post-MV) ranges. SSD1351: RAM column/row, whatever A[0] says. */
  windowFollowsMv: boolean;
  addressModeCommand: number;
  /** The address-mode register byte for DCS orientation bits, colour order and wire format. */
  addressMode(madctl: number, bgr: boolean, wire: WireFormat): number;
  /** COLMOD command and value, where the controller has one. */
  pixelFormat?: (wire: WireFormat) => [number, number];
  invertOn: number;
  invertOff: number;
  /** Sleep-out command (then 120 ms), where sleep is separate from display on. */
  sleepOut?: number;
  /** Sleep-in command (then 5 ms), where sleep is separate from display off. */
  sleepIn?: number;
  displayOn: number;
  displayOff: number;
  /** Software reset (then 120 ms), for boards without a RESX pin; absent where the controller has none. */
  softwareReset?: number;
  /** Tearing effect line on, with its parameter, where the controller has a TE output. */
  tearingOn?: [number, number];
}

/** MIPI DCS 1.02 Table 6 (ILI9341 §8.2, ST7789V §9.1, ST7735R §10.1, …). */
export const DCS_COMMANDS: CommandSet = {
  family: 'mipi-dcs',
  column: DCS.SET_COLUMN,
  row: DCS.SET_PAGE,
  writeMemory: DCS.WRITE_MEMORY,
  addressBytes: 2,
  windowFollowsMv: true,
  addressModeCommand: DCS.SET_ADDRESS_MODE,
  addressMode: (madctl, bgr) => madctl | (bgr ? MADCTL_BGR : 0),
  pixelFormat: (wire) => [DCS.SET_PIXEL_FORMAT, wire === 'rgb565' ? COLMOD_16BIT : COLMOD_18BIT],
  invertOn: DCS.INVERT_ON,
  invertOff: DCS.INVERT_OFF,
  sleepOut: DCS.EXIT_SLEEP,
  sleepIn: DCS.ENTER_SLEEP,
  displayOn: DCS.DISPLAY_ON,
  displayOff: DCS.DISPLAY_OFF,
  softwareReset: DCS.SOFT_RESET,
  // 35h with 00h: TELOM 0, V-blanking only (ILI9341 §8.2.28, ST7789V §9.1.29, ST7735R §10.1.21).
  tearingOn: [DCS.TEARING_ON, 0x00],
};

/**
 * SSD1351 (datasheet Rev 1.5 §10 "Command Table"): 15h column, 75h row (one
 * byte each for start and end), 5Ch write RAM, A0h re-map / colour depth:
 * A[0] vertical address increment (our MV), A[1] column remap (MX), A[2]
 * colour order C-B-A (BGR), A[4] COM scan remap (MY), A[5] COM odd/even
 * split (the 128x128 modules need it set: Adafruit_SSD1351 and fbtft
 * fb_ssd1351 both set it), A[7:6] = 01b 65k colours. A6h/A7h normal/inverse,
 * AFh sleep off = display on, AEh sleep on = display off (the SSD1351's
 * only sleep). It has no software reset and no tearing-effect output.
 */
export const SSD1351_COMMANDS: CommandSet = {
  family: 'ssd1351',
  column: 0x15,
  row: 0x75,
  writeMemory: 0x5c,
  addressBytes: 1,
  windowFollowsMv: false,
  addressModeCommand: 0xa0,
  addressMode: (madctl, bgr) =>
    0x40 | 0x20 | (madctl & MADCTL_MV ? 0x01 : 0) | (madctl & MADCTL_MX ? 0x02 : 0) |
    (bgr ? 0x04 : 0) | (madctl & MADCTL_MY ? 0x10 : 0),
  invertOn: 0xa7,
  invertOff: 0xa6,
  displayOn: 0xaf,
  displayOff: 0xae,
};
