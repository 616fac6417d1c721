import t from 'tap';
import { planWindows } from '../../../daemon/stream/plan.js';
import { SpanBuffer } from '../../../daemon/stream/spans.js';
import { prng, randInt } from '../../helpers/prng.js';

function spans(list: number[][]): SpanBuffer {
  const b = new SpanBuffer(1);
  for (const [row, x0, x1] of list) b.push(row, x0, x1);
  return b;
}

t.test('a whole changed frame is one window', async (t) => {
  const rows = Array.from({ length: 240 }, (_, y) => [y, 0, 320]);
  t.same(planWindows(spans(rows), 200), [{ x: 0, y: 0, w: 320, h: 240 }]);
});

t.test('nearby spans share a window; distant ones do not', async (t) => {
  // Two digits far apart, each 10 rows of 20 pixels.
  const rows: number[][] = [];
  for (let y = 50; y < 60; y++) rows.push([y, 10, 30], [y, 200, 220]);
  t.same(planWindows(spans(rows), 50), [{ x: 10, y: 50, w: 20, h: 10 }, { x: 200, y: 50, w: 20, h: 10 }]);
  // Rows that wobble by a pixel are cheaper kept in one window.
  t.same(planWindows(spans([[0, 10, 30], [1, 11, 31], [2, 10, 30]]), 50), [{ x: 10, y: 0, w: 21, h: 3 }]);
  // A skipped row closes the window.
  t.same(planWindows(spans([[0, 10, 30], [2, 10, 30]]), 50), [{ x: 10, y: 0, w: 20, h: 1 }, { x: 10, y: 2, w: 20, h: 1 }]);
});

t.test('property: every changed pixel is inside a window, windows stay in the spans bounds', async (t) => {
  const rand = prng(42);
  const failures: string[] = [];
  for (let round = 0; round < 300; round++) {
    const width = randInt(rand, 1, 400);
    const list: number[][] = [];
    for (let y = 0; y < 50; y++) {
      if (rand() < 0.4) continue;
      let x = randInt(rand, 0, width);
      while (x < width && rand() < 0.7) {
        const x1 = Math.min(width, x + randInt(rand, 1, 30));
        list.push([y, x, x1]);
        x = x1 + randInt(rand, 1, 40);
      }
    }
    const windows = planWindows(spans(list), randInt(rand, 1, 300));
    for (const [y, x0, x1] of list) {
      const covered = windows.some((w) => w.y <= y && y < w.y + w.h && w.x <= x0 && x1 <= w.x + w.w);
      if (!covered) failures.push(`round ${round}: span ${[y, x0, x1]} not covered`);
    }
    for (const w of windows) {
      if (w.x < 0 || w.x + w.w > width || w.w <= 0 || w.h <= 0) failures.push(`round ${round}: bad window ${JSON.stringify(w)}`);
    }
  }
  t.same(failures, [], '300 random span sets covered');
});
