import type { Rect } from '../../protocol/rect.js';

/**
 * The regions that differ between two RGB888 images of the same size, for
 * the preview: consecutive changed rows form a band, each band is cut to the
 * columns that changed, and bands closer than `mergeGap` rows are merged (a
 * fetch per row would cost more than the few unchanged pixels it saves).
 * At most `maxRects`; beyond that the closest bands are merged. Rows are
 * compared with Buffer.equals (memcmp), so an unchanged screen is cheap.
 */
export function changedRegions(before: Uint8Array, after: Uint8Array, width: number, height: number, mergeGap = 8, maxRects = 8): Rect[] {
  const a = Buffer.from(before.buffer, before.byteOffset, before.byteLength);
  const b = Buffer.from(after.buffer, after.byteOffset, after.byteLength);
  const row = width * 3;
  const bands: { top: number; bottom: number }[] = [];
  for (let y = 0; y < height; y++) {
    if (a.subarray(y * row, (y + 1) * row).equals(b.subarray(y * row, (y + 1) * row))) continue;
    const last = bands[bands.length - 1];
    if (last && y - last.bottom <= mergeGap) last.bottom = y;
    else bands.push({ top: y, bottom: y });
  }
  while (bands.length > maxRects) {
    // Merge the pair with the smallest gap.
    let best = 0;
    for (let i = 1; i < bands.length - 1; i++) {
      if (bands[i + 1].top - bands[i].bottom < bands[best + 1].top - bands[best].bottom) best = i;
    }
    bands[best].bottom = bands[best + 1].bottom;
    bands.splice(best + 1, 1);
  }
  return bands.map(({ top, bottom }) => {
    let left = width;
    let right = -1;
    for (let y = top; y <= bottom; y++) {
      const o = y * row;
      for (let x = 0; x < left; x++) if (differs(a, b, o + x * 3)) { left = x; break; }
      for (let x = width - 1; x > right; x--) if (differs(a, b, o + x * 3)) { right = x; break; }
    }
    return { x: left, y: top, w: right - left + 1, h: bottom - top + 1 };
  }).filter((r) => r.w > 0);
}

function differs(a: Uint8Array, b: Uint8Array, at: number): boolean {
  return a[at] !== b[at] || a[at + 1] !== b[at + 1] || a[at + 2] !== b[at + 2];
}

/** Copy `rect` out of a tight RGB888 image of `width` pixels a row. */
export function cropRgb(rgb: Uint8Array, width: number, rect: Rect): Uint8Array {
  const out = new Uint8Array(rect.w * rect.h * 3);
  for (let y = 0; y < rect.h; y++) {
    const from = ((rect.y + y) * width + rect.x) * 3;
    out.set(rgb.subarray(from, from + rect.w * 3), y * rect.w * 3);
  }
  return out;
}
