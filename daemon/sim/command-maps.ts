import { DCS, DCS_PARAM_COUNT, MADCTL_BGR, MADCTL_MV, MADCTL_MX, MADCTL_MY } from './dcs-commands.js';

/**
 * What a command does inside the simulated controller. The decoder is generic;
 * each controller family is a table from command byte to one of these, so a
 * non-DCS controller (SSD1351) is data, not a second decoder.
 */
export type SimOp =
  | 'swreset' | 'sleepIn' | 'sleepOut' | 'invOff' | 'invOn' | 'dispOff' | 'dispOn'
  | 'column' | 'row' | 'write' | 'writeContinue' | 'addressMode' | 'pixelFormat'
  | 'teOff' | 'teOn' | 'gamma' | 'brightness' | 'other';

export interface SimCommand {
  op: SimOp;
  /** Parameter bytes; the command applies when all have arrived. */
  params: number;
}

export interface SimCommandMap {
  family: 'mipi-dcs' | 'ssd1351';
  commands: ReadonlyMap<number, SimCommand>;
  /** Bytes per address in the column/row parameters: DCS 2 (big-endian), SSD1351 1. */
  addressBytes: 1 | 2;
  /** Bits of the address-mode register, in this controller's layout. */
  bits: { mv: number; mx: number; my: number; bgr: number };
  /**
   * DCS: CASET/RASET address the logical (post-MV) columns/pages. SSD1351: the
   * column/row registers always name RAM columns/rows; A[0] only switches the
   * write pointer to vertical increment (SSD1351 datasheet §10.1.5, 15h/75h).
   */
  windowFollowsMv: boolean;
  /** SSD1351 A[4] (COM scan direction) acts at scan-out, not on writes. */
  myAtScanOut: boolean;
  /** Pixel bytes and where the 6-bit value sits in an 18-bit byte (DCS: D7..D2 → shift 2). */
  depth(colmod: number, addressMode: number): { bytes: 2 | 3; shift18: number };
}

const DCS_OPS: Record<number, SimOp> = {
  [DCS.SWRESET]: 'swreset', [DCS.SLPIN]: 'sleepIn', [DCS.SLPOUT]: 'sleepOut',
  [DCS.INVOFF]: 'invOff', [DCS.INVON]: 'invOn', [DCS.DISPOFF]: 'dispOff', [DCS.DISPON]: 'dispOn',
  [DCS.CASET]: 'column', [DCS.RASET]: 'row', [DCS.RAMWR]: 'write', [DCS.RAMWRC]: 'writeContinue',
  [DCS.MADCTL]: 'addressMode', [DCS.COLMOD]: 'pixelFormat', [DCS.TEOFF]: 'teOff', [DCS.TEON]: 'teOn',
  [DCS.GAMSET]: 'gamma', [DCS.WRDISBV]: 'brightness',
};

/** MIPI DCS 1.02 (ILI9341 V1.11 §8.2, ST7789V §9.1, ST7735R §10.1, ILI9486 §8.2, GC9A01 §6.2, HX8357-D §6). */
export const DCS_MAP: SimCommandMap = {
  family: 'mipi-dcs',
  commands: new Map([...DCS_PARAM_COUNT].map(([cmd, params]) => [cmd, { op: DCS_OPS[cmd] ?? 'other', params }])),
  addressBytes: 2,
  bits: { mv: MADCTL_MV, mx: MADCTL_MX, my: MADCTL_MY, bgr: MADCTL_BGR },
  windowFollowsMv: true,
  myAtScanOut: false,
  // COLMOD low nibble = MCU interface format (ILI9341 §8.2.33): 5 = 16 bpp; other codes treated as 18 bpp.
  depth: (colmod) => ((colmod & 0x0f) === 0x5 ? { bytes: 2, shift18: 2 } : { bytes: 3, shift18: 2 }),
};

/**
 * SSD1351 (Solomon Systech SSD1351 datasheet Rev 1.5, §10 "Command Table").
 * Sleep mode ON/OFF are AEh/AFh and double as display off/on; there is no
 * SWRESET, no COLMOD (depth is A0h bits 7:6) and no separate sleep-out.
 */
export const SSD1351_MAP: SimCommandMap = {
  family: 'ssd1351',
  commands: new Map<number, SimCommand>([
    [0x15, { op: 'column', params: 2 }], // Set Column Address: start, end
    [0x75, { op: 'row', params: 2 }], // Set Row Address: start, end
    [0x5c, { op: 'write', params: 0 }], // Write RAM
    [0xa0, { op: 'addressMode', params: 1 }], // Set Re-map / Colour Depth
    [0xa6, { op: 'invOff', params: 0 }], // Normal display
    [0xa7, { op: 'invOn', params: 0 }], // Inverse display
    [0xae, { op: 'dispOff', params: 0 }], // Sleep mode ON (display off)
    [0xaf, { op: 'dispOn', params: 0 }], // Sleep mode OFF (display on)
    [0xfd, { op: 'other', params: 1 }], // Command lock
    [0xb3, { op: 'other', params: 1 }], [0xca, { op: 'other', params: 1 }], [0xa1, { op: 'other', params: 1 }],
    [0xa2, { op: 'other', params: 1 }], [0xb5, { op: 'other', params: 1 }], [0xab, { op: 'other', params: 1 }],
    [0xb1, { op: 'other', params: 1 }], [0xbe, { op: 'other', params: 1 }], [0xc1, { op: 'other', params: 3 }],
    [0xc7, { op: 'other', params: 1 }], [0xb4, { op: 'other', params: 3 }], [0xb6, { op: 'other', params: 1 }],
  ]),
  addressBytes: 1,
  // A[0] vertical increment, A[1] column remap, A[4] COM scan remap, A[2] colour order C↔A.
  bits: { mv: 0x01, mx: 0x02, my: 0x10, bgr: 0x04 },
  windowFollowsMv: false,
  myAtScanOut: true,
  // A[7:6]: 00b/01b 65k (2 bytes), 10b/11b 262k (3 bytes, data in D5..D0 — assumed, see README).
  depth: (_colmod, a0) => ((a0 & 0x80) === 0 ? { bytes: 2, shift18: 0 } : { bytes: 3, shift18: 0 }),
};
