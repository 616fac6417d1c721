import type { Rect } from '../../protocol/rect.js';

/**
 * Segments a..g of each digit (bit 0 = a … bit 6 = g), the usual
 * seven-segment layout: a top, b top-right, c bottom-right, d bottom,
 * e bottom-left, f top-left, g middle.
 */
const DIGITS = [0x3f, 0x06, 0x5b, 0x4f, 0x66, 0x6d, 0x7d, 0x07, 0x7f, 0x6f];

/** Rectangles that draw `digit` in a cell of `w` x `h` at (x, y), stroke `t`. */
export function digitRects(digit: number, x: number, y: number, w: number, h: number, t: number): Rect[] {
  const half = Math.floor((h - t) / 2);
  const seg: Rect[] = [
    { x: x + t, y, w: w - 2 * t, h: t }, // a
    { x: x + w - t, y: y + t, w: t, h: half - t }, // b
    { x: x + w - t, y: y + half + t, w: t, h: h - half - 2 * t }, // c
    { x: x + t, y: y + h - t, w: w - 2 * t, h: t }, // d
    { x, y: y + half + t, w: t, h: h - half - 2 * t }, // e
    { x, y: y + t, w: t, h: half - t }, // f
    { x: x + t, y: y + half, w: w - 2 * t, h: t }, // g
  ];
  return seg.filter((_, i) => (DIGITS[digit] >> i) & 1);
}
