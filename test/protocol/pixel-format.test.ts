import t from 'tap';
import {
  bytesPerPixel, convertPixels, expand5, expand6, isPixelFormat, packRgb565, unpackRgb565,
  PIXEL_FORMATS, type PixelFormat,
} from '../../protocol/pixel-format.js';

// Layouts (memory order, byte 0 first):
//   rgb565   little-endian u16, R[15:11] G[10:5] B[4:0]: byte 0 = GGGBBBBB, byte 1 = RRRRRGGG
//   rgb888   R, G, B
//   rgba8888 R, G, B, A
//   xrgb8888 B, G, R, X — DRM_FORMAT_XRGB8888, include/uapi/drm/drm_fourcc.h:
//            "[31:0] x:R:G:B 8:8:8:8 little endian"

t.test('bytes per pixel', async (t) => {
  t.same(Object.keys(PIXEL_FORMATS).sort(), ['rgb565', 'rgb888', 'rgba8888', 'xrgb8888']);
  t.equal(bytesPerPixel('rgb565'), 2);
  t.equal(bytesPerPixel('rgb888'), 3);
  t.equal(bytesPerPixel('rgba8888'), 4);
  t.equal(bytesPerPixel('xrgb8888'), 4);
  t.ok(isPixelFormat('rgb565'));
  t.notOk(isPixelFormat('bgr565'));
  t.notOk(isPixelFormat('toString'), 'no inherited keys');
  t.notOk(isPixelFormat(2));
});

t.test('packRgb565: exact values', async (t) => {
  t.equal(packRgb565(0xff, 0x88, 0x00), 0xfc40, '0xff8800: R 11111, G 100010, B 00000');
  t.equal(packRgb565(0xff, 0xff, 0xff), 0xffff, 'white');
  t.equal(packRgb565(0, 0, 0), 0x0000, 'black');
  t.equal(packRgb565(0xff, 0, 0), 0xf800, 'red');
  t.equal(packRgb565(0, 0xff, 0), 0x07e0, 'green');
  t.equal(packRgb565(0, 0, 0xff), 0x001f, 'blue');
});

t.test('8 → 5/6 bits truncates, never rounds', async (t) => {
  t.equal(packRgb565(0x07, 0, 0), 0, 'R 0x07 → 0');
  t.equal(packRgb565(0, 0x03, 0), 0, 'G 0x03 → 0');
  t.equal(packRgb565(0, 0, 0x07), 0, 'B 0x07 → 0');
  t.equal(packRgb565(0x08, 0x04, 0x08), 0x0821, 'the first step of each: 1, 1, 1');
  t.equal(packRgb565(0xf7, 0, 0), 0xf000, 'R 0xf7 → 30, not 31');
  t.equal(packRgb565(0, 0xfb, 0), 0x07c0, 'G 0xfb → 62, not 63');
});

t.test('5/6 → 8 bits replicates the top bits', async (t) => {
  t.equal(expand5(0x00), 0x00);
  t.equal(expand5(0x1f), 0xff);
  t.equal(expand5(0x10), 0x84, '10000 → 10000100');
  t.equal(expand5(0x01), 0x08, '00001 → 00001000');
  t.equal(expand6(0x00), 0x00);
  t.equal(expand6(0x3f), 0xff);
  t.equal(expand6(0x20), 0x82, '100000 → 10000010');
  t.equal(expand6(0x01), 0x04, '000001 → 00000100');
  t.same(unpackRgb565(0xfc40), [0xff, 0x8a, 0x00], 'G 100010 → 10001010');
  t.same(unpackRgb565(0xffff), [0xff, 0xff, 0xff]);
  t.same(unpackRgb565(0x0000), [0, 0, 0]);
});

t.test('every 8-bit value survives pack → unpack → pack', async (t) => {
  const broken: number[] = [];
  for (let v = 0; v < 256; v++) {
    const p = packRgb565(v, v, v);
    const [r, g, b] = unpackRgb565(p);
    if (packRgb565(r, g, b) !== p) broken.push(v);
  }
  t.same(broken, []);
});

// Three pixels, written out by hand in every format.
// A: 0xff8800, B: 0x123456, C: 0x0000ff.
// In rgb565: A = 0xfc40; B = R 00010, G 001101, B 01010 = 0x11aa; C = 0x001f.
// Back from rgb565: A → ff 8a 00; B → 10 34 52; C → 00 00 ff.
const EXACT: Record<PixelFormat, number[]> = {
  rgb565: [0x40, 0xfc, 0xaa, 0x11, 0x1f, 0x00],
  rgb888: [0xff, 0x88, 0x00, 0x12, 0x34, 0x56, 0x00, 0x00, 0xff],
  rgba8888: [0xff, 0x88, 0x00, 0x80, 0x12, 0x34, 0x56, 0x40, 0x00, 0x00, 0xff, 0x00],
  xrgb8888: [0x00, 0x88, 0xff, 0x11, 0x56, 0x34, 0x12, 0x22, 0xff, 0x00, 0x00, 0x33],
};
// What an 8-bit-per-channel format holds after converting from another format:
// alpha / X is written as 0xff (the panel has no alpha, nothing is blended).
const FROM_8BIT: Record<PixelFormat, number[]> = {
  rgb565: EXACT.rgb565,
  rgb888: EXACT.rgb888,
  rgba8888: [0xff, 0x88, 0x00, 0xff, 0x12, 0x34, 0x56, 0xff, 0x00, 0x00, 0xff, 0xff],
  xrgb8888: [0x00, 0x88, 0xff, 0xff, 0x56, 0x34, 0x12, 0xff, 0xff, 0x00, 0x00, 0xff],
};
const FROM_565: Record<PixelFormat, number[]> = {
  rgb565: EXACT.rgb565,
  rgb888: [0xff, 0x8a, 0x00, 0x10, 0x34, 0x52, 0x00, 0x00, 0xff],
  rgba8888: [0xff, 0x8a, 0x00, 0xff, 0x10, 0x34, 0x52, 0xff, 0x00, 0x00, 0xff, 0xff],
  xrgb8888: [0x00, 0x8a, 0xff, 0xff, 0x52, 0x34, 0x10, 0xff, 0xff, 0x00, 0x00, 0xff],
};

t.test('convertPixels: every pair of formats, at offsets, touching nothing else', async (t) => {
  const formats = Object.keys(PIXEL_FORMATS) as PixelFormat[];
  for (const from of formats) {
    for (const to of formats) {
      const expected = from === to ? EXACT[to] : from === 'rgb565' ? FROM_565[to] : FROM_8BIT[to];
      const srcOff = 5;
      const dstOff = 3;
      const src = new Uint8Array([...Array(srcOff).fill(0xee), ...EXACT[from], 0xee]);
      const dst = new Uint8Array(dstOff + expected.length + 2).fill(0x5a);
      convertPixels(src, srcOff, from, dst, dstOff, to, 3);
      t.same([...dst], [0x5a, 0x5a, 0x5a, ...expected, 0x5a, 0x5a], `${from} → ${to}`);
    }
  }
});

t.test('convertPixels: count limits the pixels written', async (t) => {
  const dst = new Uint8Array(6).fill(0x5a);
  convertPixels(new Uint8Array(EXACT.rgb888), 0, 'rgb888', dst, 0, 'rgb565', 1);
  t.same([...dst], [0x40, 0xfc, 0x5a, 0x5a, 0x5a, 0x5a]);
  const none = new Uint8Array(4).fill(0x5a);
  convertPixels(new Uint8Array(EXACT.xrgb8888), 0, 'xrgb8888', none, 0, 'rgb888', 0);
  t.same([...none], [0x5a, 0x5a, 0x5a, 0x5a]);
});

t.test('rgb565 bytes for named colours', async (t) => {
  const to565 = (rgb: number[]) => {
    const dst = new Uint8Array(2);
    convertPixels(new Uint8Array(rgb), 0, 'rgb888', dst, 0, 'rgb565', 1);
    return [...dst];
  };
  t.same(to565([0xff, 0x88, 0x00]), [0x40, 0xfc]);
  t.same(to565([0xff, 0xff, 0xff]), [0xff, 0xff]);
  t.same(to565([0xff, 0x00, 0x00]), [0x00, 0xf8]);
  t.same(to565([0x00, 0xff, 0x00]), [0xe0, 0x07]);
  t.same(to565([0x00, 0x00, 0xff]), [0x1f, 0x00]);
  t.same(to565([0x07, 0x03, 0x07]), [0x00, 0x00], 'truncation to black');
});

t.test('32-bit fast path (aligned buffers, odd and even counts) equals the per-pixel formula', async (t) => {
  // The formula, written out: R[7:3] → bits 15..11, G[7:2] → 10..5, B[7:3] → 4..0.
  const expect565 = (r: number, g: number, b: number): number => ((r >> 3) << 11) | ((g >> 2) << 5) | (b >> 3);
  for (const format of ['rgba8888', 'xrgb8888'] as const) {
    for (const count of [1, 2, 7, 100, 101]) {
      const src = new Uint8Array(count * 4).map((_, i) => (i * 97 + 13) & 0xff);
      const dst = new Uint8Array(count * 2 + 4).fill(0xee);
      convertPixels(src, 0, format, dst, 0, 'rgb565', count);
      const wrong: number[] = [];
      for (let i = 0; i < count; i++) {
        const [r, g, b] = format === 'rgba8888'
          ? [src[4 * i], src[4 * i + 1], src[4 * i + 2]]
          : [src[4 * i + 2], src[4 * i + 1], src[4 * i]];
        if ((dst[2 * i] | (dst[2 * i + 1] << 8)) !== expect565(r, g, b)) wrong.push(i);
      }
      t.same(wrong, [], `${format} x${count}`);
      t.same([...dst.subarray(count * 2)], [0xee, 0xee, 0xee, 0xee], 'nothing written past the end');
    }
  }
});
