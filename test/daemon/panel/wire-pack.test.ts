import t from 'tap';
import { packRect, wireBytesPerPixel } from '../../../daemon/panel/wire-pack.js';

// Framebuffer pixels are little-endian RGB565 (fbdev 16 bpp). On the wire,
// ILI9341 §7.6.4 (4-line serial, 16 bit/pixel) sends the high byte first:
// R4 R3 R2 R1 R0 G5 G4 G3 | G2 G1 G0 B4 B3 B2 B1 B0.
// 0xF800 (red) is stored [0x00, 0xF8] and sent [0xF8, 0x00];
// 0x07E0 (green) is stored [0xE0, 0x07] and sent [0x07, 0xE0];
// 0x001F (blue) is stored [0x1F, 0x00] and sent [0x00, 0x1F].
const fb = Uint8Array.of(0x00, 0xf8, 0xe0, 0x07, 0x1f, 0x00, 0xff, 0xff);

t.test('rgb565 goes out big-endian', async (t) => {
  const out = new Uint8Array(8);
  t.equal(packRect(fb, 8, 0, 0, 4, 1, 'rgb565', out), 8);
  t.same([...out], [0xf8, 0x00, 0x07, 0xe0, 0x00, 0x1f, 0xff, 0xff]);
  t.equal(wireBytesPerPixel('rgb565'), 2);
});

t.test('rgb666 sends each channel in D7..D2 of its own byte', async (t) => {
  // ILI9341 §7.6.4, 18 bit/pixel: R5..R0 in D7..D2 of the first byte, then G, then B.
  // Red 5-bit 31 widens to 6-bit 63 → 0xFC; green 6-bit 63 → 0xFC; blue 31 → 0xFC.
  const out = new Uint8Array(12);
  t.equal(packRect(fb, 8, 0, 0, 4, 1, 'rgb666', out), 12);
  t.same([...out], [0xfc, 0, 0, 0, 0xfc, 0, 0, 0, 0xfc, 0xfc, 0xfc, 0xfc]);
  t.equal(wireBytesPerPixel('rgb666'), 3);
});

t.test('a sub-rectangle honours stride and origin', async (t) => {
  // 3x2 framebuffer, stride 8 (2 bytes padding); take the 1x2 column at x=2.
  const src = Uint8Array.of(
    0, 0, 0, 0, 0x34, 0x12, 0xee, 0xee,
    0, 0, 0, 0, 0x78, 0x56, 0xee, 0xee,
  );
  const out = new Uint8Array(4);
  t.equal(packRect(src, 8, 2, 0, 1, 2, 'rgb565', out), 4);
  t.same([...out], [0x12, 0x34, 0x56, 0x78]);
});
