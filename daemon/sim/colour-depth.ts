/**
 * Colour-depth steps inside a MIPI-DCS controller: the 16-bit wire format is
 * widened to the 18-bit GRAM, and the 6-bit GRAM channels are widened to 8 bits
 * for a PNG / preview of what the glass shows.
 *
 * 16 → 18 bit. The controller does not store RGB565 as such: the datasheets
 * draw a "Look-up table for 65k color data mapping (16 bits to 18 bits)" between
 * the interface and the frame memory (ST7735 datasheet V1.7 §9.7.3, ST7735R
 * §9.8.x), and the ILI9341 exposes that table as command 2Dh "Color Set … LUT
 * for 16-bit to 18-bit color depth conversion" (ILI9341 datasheet V1.11
 * §8.2.23). Green is 6 bits on the wire and passes through; red and blue are
 * 5 bits and go through the LUT.
 *
 * What the LUT holds when nobody writes 2Dh could not be confirmed from a
 * datasheet text available here. We use MSB replication, R6 = {R4..R0, R4}:
 * it maps 0 → 0 and 31 → 63 (full-scale stays full-scale, as on real glass),
 * and is the rule commonly quoted for RGB565 → RGB666 ("appending the MSB as
 * the low-order bit"). If a reader finds the default LUT in a datasheet, this
 * table is the single place to change.
 *
 * 18 → 24 bit (display side, not a controller fact): bit replication
 * (v << 2) | (v >> 4), so 0 → 0 and 63 → 255 and the steps stay even.
 */

/** A 5-bit red or blue channel widened to the 6-bit GRAM value (see above). */
export function expand5to6(v: number): number {
  return ((v << 1) | (v >> 4)) & 0x3f;
}

/** A 6-bit GRAM channel widened to 8 bits for display. */
export function expand6to8(v: number): number {
  return ((v << 2) | (v >> 4)) & 0xff;
}

/** expand5to6 as a table, for the per-pixel decode loop. */
export const EXPAND_5_TO_6: Uint8Array = Uint8Array.from({ length: 32 }, (_, v) => expand5to6(v));

/** expand6to8 as a table; index 0..63. */
export const EXPAND_6_TO_8: Uint8Array = Uint8Array.from({ length: 64 }, (_, v) => expand6to8(v));
