import type { Rect } from '../protocol/rect.js';

/**
 * The smallest rectangle holding every pixel that differs between `before`
 * and `after` (same size, `stride` bytes a row, `bpp` bytes a pixel), or
 * null when they are equal. Rows are compared with Buffer.equals (memcmp)
 * first, so an unchanged frame costs one pass of native compares; only the
 * changed rows are scanned pixel by pixel for the left and right edges.
 */
export function changedBox(before: Uint8Array, after: Uint8Array, width: number, height: number, bpp: number, stride = width * bpp): Rect | null {
  const a = Buffer.from(before.buffer, before.byteOffset, before.byteLength);
  const b = Buffer.from(after.buffer, after.byteOffset, after.byteLength);
  const rowBytes = width * bpp;
  const rowEqual = (y: number): boolean => a.subarray(y * stride, y * stride + rowBytes).equals(b.subarray(y * stride, y * stride + rowBytes));
  let top = 0;
  while (top < height && rowEqual(top)) top++;
  if (top === height) return null;
  let bottom = height - 1;
  while (rowEqual(bottom)) bottom--;
  let left = width;
  let right = -1;
  for (let y = top; y <= bottom; y++) {
    const row = y * stride;
    for (let x = 0; x < left; x++) {
      if (!pixelEqual(a, b, row + x * bpp, bpp)) {
        left = x;
        break;
      }
    }
    for (let x = width - 1; x > right; x--) {
      if (!pixelEqual(a, b, row + x * bpp, bpp)) {
        right = x;
        break;
      }
    }
  }
  return { x: left, y: top, w: right - left + 1, h: bottom - top + 1 };
}

function pixelEqual(a: Uint8Array, b: Uint8Array, at: number, bpp: number): boolean {
  for (let i = 0; i < bpp; i++) if (a[at + i] !== b[at + i]) return false;
  return true;
}
