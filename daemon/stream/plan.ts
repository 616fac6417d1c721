import type { Rect } from '../../protocol/rect.js';
import type { SpanBuffer } from './spans.js';

/**
 * Turn changed spans into windows. Walking rows top to bottom, a span joins
 * the open window above it when the pixels that joining adds (the window
 * widened to the span's columns, over its height) cost less wire time than a
 * new window (`breakEven` pixels); otherwise it opens a window of its own. A
 * window not continued on the next row is closed. Every changed pixel ends up
 * inside exactly one window's columns for its row, so nothing is lost.
 */
export function planWindows(spans: SpanBuffer, breakEven: number): Rect[] {
  const done: Rect[] = [];
  let open: Rect[] = [];
  // Reused between rows: a full-frame plan touches every row.
  const candidates: Rect[] = [];
  let grown: Rect[] = [];
  const d = spans.data;
  let i = 0;
  while (i < spans.count) {
    const row = d[i * 3];
    // Only windows that reach the row just above can grow into this one.
    candidates.length = 0;
    for (const r of open) (r.y + r.h === row ? candidates : done).push(r);
    for (; i < spans.count && d[i * 3] === row; i++) {
      const x0 = d[i * 3 + 1];
      const x1 = d[i * 3 + 2];
      let best = -1;
      let bestCost = breakEven;
      for (let k = 0; k < candidates.length; k++) {
        const r = candidates[k];
        const ux0 = Math.min(r.x, x0);
        const ux1 = Math.max(r.x + r.w, x1);
        // Unchanged pixels this sends: the window's rows widened, plus the
        // unchanged part of this row.
        const cost = (ux1 - ux0 - r.w) * r.h + (ux1 - ux0) - (x1 - x0);
        if (cost < bestCost) {
          bestCost = cost;
          best = k;
        }
      }
      if (best >= 0) {
        const r = candidates[best];
        candidates.splice(best, 1);
        const ux0 = Math.min(r.x, x0);
        r.w = Math.max(r.x + r.w, x1) - ux0;
        r.x = ux0;
        r.h += 1;
        grown.push(r);
      } else {
        grown.push({ x: x0, y: row, w: x1 - x0, h: 1 });
      }
    }
    done.push(...candidates);
    [open, grown] = [grown, open];
    grown.length = 0;
  }
  done.push(...open);
  return done;
}
