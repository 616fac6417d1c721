import t from 'tap';
import { findSpans, SpanBuffer } from '../../../daemon/stream/spans.js';
import { prng, randInt } from '../../helpers/prng.js';

function spansOf(out: SpanBuffer): number[][] {
  return Array.from({ length: out.count }, (_, i) => [...out.data.subarray(i * 3, i * 3 + 3)]);
}

/** Set rgb565 pixel (x, y) of a frame with `stride` bytes a row. */
function poke(frame: Uint8Array, stride: number, x: number, y: number, lo: number, hi = 0): void {
  frame[y * stride + 2 * x] = lo;
  frame[y * stride + 2 * x + 1] = hi;
}

t.test('identical frames have no spans', async (t) => {
  const out = new SpanBuffer();
  t.equal(findSpans(new Uint8Array(640 * 4), new Uint8Array(640 * 4), 320, 640, 8, out), 0);
});

t.test('single pixels, even and odd columns, low and high bytes', async (t) => {
  const out = new SpanBuffer();
  for (const [x, lo, hi] of [[0, 1, 0], [1, 0, 1], [6, 0, 0x80], [319, 1, 0]]) {
    const a = new Uint8Array(640 * 2);
    const b = new Uint8Array(640 * 2);
    poke(a, 640, x, 1, lo, hi);
    findSpans(a, b, 320, 640, 8, out);
    t.same(spansOf(out), [[1, x, x + 1]], `pixel ${x}`);
  }
});

t.test('gaps up to maxGap are joined, longer ones split', async (t) => {
  const out = new SpanBuffer();
  const a = new Uint8Array(640);
  const b = new Uint8Array(640);
  poke(a, 640, 10, 0, 1);
  poke(a, 640, 19, 0, 1); // gap of 8 unchanged pixels (11..18)
  poke(a, 640, 40, 0, 1); // gap of 20
  findSpans(a, b, 320, 640, 8, out);
  t.same(spansOf(out), [[0, 10, 20], [0, 40, 41]]);
  findSpans(a, b, 320, 640, 7, out);
  t.same(spansOf(out), [[0, 10, 11], [0, 19, 20], [0, 40, 41]]);
});

t.test('the word-at-a-time path equals a pixel-by-pixel reference, odd widths and padded strides too', async (t) => {
  const rand = prng(7);
  const out = new SpanBuffer(4);
  for (const [width, stride] of [[320, 640], [135, 272], [135, 270], [1, 4]]) {
    const height = 20;
    const a = new Uint8Array(stride * height);
    const b = new Uint8Array(stride * height);
    for (let k = 0; k < 60; k++) poke(a, stride, randInt(rand, 0, width), randInt(rand, 0, height), randInt(rand, 1, 256), randInt(rand, 0, 256));
    const maxGap = randInt(rand, 0, 12);
    // Reference: per row, changed pixels grouped where gaps ≤ maxGap.
    const expected: number[][] = [];
    for (let y = 0; y < height; y++) {
      let s = -1;
      let e = -1;
      for (let x = 0; x < width; x++) {
        const o = y * stride + 2 * x;
        if (a[o] === b[o] && a[o + 1] === b[o + 1]) continue;
        if (s >= 0 && x - e > maxGap) {
          expected.push([y, s, e]);
          s = -1;
        }
        if (s < 0) s = x;
        e = x + 1;
      }
      if (s >= 0) expected.push([y, s, e]);
    }
    findSpans(a, b, width, stride, maxGap, out);
    t.same(spansOf(out), expected, `${width} wide, stride ${stride}, maxGap ${maxGap}`);
    // An unaligned view takes the byte path; it must agree.
    const ua = new Uint8Array(a.length + 1).subarray(1);
    ua.set(a);
    findSpans(ua, b, width, stride, maxGap, out);
    t.same(spansOf(out), expected, 'unaligned buffer');
  }
});
