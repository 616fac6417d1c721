import type { Rect } from '../../protocol/rect.js';

/**
 * Bounding box of the pixels that differ between two rgb565 frames of the
 * same geometry, or null when they are equal. Rows are compared as whole
 * buffers first (memcmp speed), then the changed rows are scanned for their
 * first and last differing pixel.
 */
export function changedBounds(
  a: Uint8Array, b: Uint8Array, width: number, height: number, stride: number,
): Rect | null {
  const rowBytes = width * 2;
  const ab = Buffer.from(a.buffer, a.byteOffset, a.byteLength);
  const bb = Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  let top = -1;
  let bottom = -1;
  let left = width;
  let right = -1;
  for (let y = 0; y < height; y++) {
    const o = y * stride;
    if (ab.compare(bb, o, o + rowBytes, o, o + rowBytes) === 0) continue;
    if (top < 0) top = y;
    bottom = y;
    let x = 0;
    while (x < left && a[o + 2 * x] === b[o + 2 * x] && a[o + 2 * x + 1] === b[o + 2 * x + 1]) x++;
    left = Math.min(left, x);
    let r = width - 1;
    while (r > right && a[o + 2 * r] === b[o + 2 * r] && a[o + 2 * r + 1] === b[o + 2 * r + 1]) r--;
    right = Math.max(right, r);
  }
  if (top < 0) return null;
  return { x: left, y: top, w: right - left + 1, h: bottom - top + 1 };
}
