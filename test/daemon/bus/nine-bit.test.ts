import t from 'tap';
import { packNineBit, toNineBitWords, unpackNineBit } from '../../../daemon/bus/nine-bit.js';

// Fixtures from the bit table in drivers/gpu/drm/drm_mipi_dbi.c above
// mipi_dbi_spi1e_transfer(): eight data bytes d0..d7 with D/C = 1 become
//   1 d0[7:1] | d0[0] 1 d1[7:2] | d1[1:0] 1 d2[7:3] | ... | d6[6:0] 1 | d7
t.test('eight data bytes pack into nine, D/C = 1 before each', async (t) => {
  const d = Uint8Array.of(0xff, 0x00, 0xff, 0x00, 0xff, 0x00, 0xff, 0x00);
  // The kernel's formulas: dst[0] = BIT(7) | d0 >> 1 = 0xff; dst[1] = d0 << 7 | BIT(6) | d1 >> 2 = 0xc0;
  // dst[2] = d1 << 6 | BIT(5) | d2 >> 3 = 0x3f; dst[3] = d2 << 5 | BIT(4) | d3 >> 4 = 0xf0; dst[4] = 0x0f;
  // dst[5] = 0xfc; dst[6] = 0x03; dst[7] = d6 << 1 | BIT(0) = 0xff; dst[8] = d7 = 0x00.
  t.same([...packNineBit(1, d)], [0xff, 0xc0, 0x3f, 0xf0, 0x0f, 0xfc, 0x03, 0xff, 0x00]);
});

t.test('a command is seven NOP words then the command, 9 bytes with the command last', async (t) => {
  // Kernel: memset(dst, 0, 9); dst[8] = cmd.
  t.same([...packNineBit(0, Uint8Array.of(0x2c))], [0, 0, 0, 0, 0, 0, 0, 0, 0x2c]);
});

t.test('a partial data block is padded with NOP words at the end', async (t) => {
  const words = unpackNineBit(packNineBit(1, Uint8Array.of(0x12, 0x34, 0x56)));
  t.same(words, [0x112, 0x134, 0x156, 0, 0, 0, 0, 0]);
});

t.test('9-bit SPI words: one little-endian u16 per byte, bit 8 = D/C', async (t) => {
  t.same([...toNineBitWords(1, Uint8Array.of(0xab, 0x01))], [0xab, 1, 0x01, 1]);
  t.same([...toNineBitWords(0, Uint8Array.of(0x2a))], [0x2a, 0]);
});
