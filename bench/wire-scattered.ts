/**
 * Scenario: small changes scattered over the screen (status icons, a cursor,
 * counters): bytes sent divided by what a single bounding box of all the
 * changes would send (luma.lcd's diff), commands included on both sides.
 */
import type { BenchResult } from './harness.js';
import { streamRig } from './stream-rig.js';

export async function run(): Promise<BenchResult> {
  const rig = await streamRig();
  rig.surface.fill({ x: 0, y: 0, w: 320, h: 240 }, 0x000000);
  await rig.send();
  // Five 16x16 icons in the corners and the middle, and a 1-pixel cursor.
  const changes = [
    { x: 2, y: 2, w: 16, h: 16 }, { x: 302, y: 2, w: 16, h: 16 }, { x: 2, y: 222, w: 16, h: 16 },
    { x: 302, y: 222, w: 16, h: 16 }, { x: 152, y: 112, w: 16, h: 16 }, { x: 77, y: 190, w: 1, h: 1 },
  ];
  for (const r of changes) rig.surface.fill(r, 0xffffff);
  const frame = await rig.send();
  const x0 = Math.min(...changes.map((r) => r.x));
  const y0 = Math.min(...changes.map((r) => r.y));
  const x1 = Math.max(...changes.map((r) => r.x + r.w));
  const y1 = Math.max(...changes.map((r) => r.y + r.h));
  const bbox = (x1 - x0) * (y1 - y0) * 2 + 11; // pixels + CASET, RASET, RAMWR
  return { wire_ratio_vs_bbox: Math.round((frame.bytes / bbox) * 1000) / 1000, wire_scattered_windows: frame.rects };
}
