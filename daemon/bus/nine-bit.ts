/**
 * MIPI DBI type C option 1 (3-wire, no DC pin): every byte travels as a
 * 9-bit word whose first bit is D/C (0 = command, 1 = data).
 */

/** As 9-bit SPI words (bits_per_word = 9): one u16 per word, CPU byte order (little-endian boards). */
export function toNineBitWords(dc: 0 | 1, bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length * 2);
  for (let i = 0; i < bytes.length; i++) {
    out[2 * i] = bytes[i];
    out[2 * i + 1] = dc;
  }
  return out;
}

/**
 * For controllers without 9-bit words: eight 9-bit words packed MSB first
 * into 9 bytes, as the kernel's mipi_dbi_spi1e_transfer()
 * (drivers/gpu/drm/drm_mipi_dbi.c) does. A partial block is padded with
 * zero words, which the controller reads as NOP (MIPI DCS 0x00) commands:
 * before a command byte (so it lands last in its block), after data.
 */
export function packNineBit(dc: 0 | 1, bytes: Uint8Array): Uint8Array {
  const words: number[] = [];
  if (dc === 0) {
    // One block per command byte: 7 NOP words, then the command.
    for (const b of bytes) {
      for (let i = 0; i < 7; i++) words.push(0);
      words.push(b);
    }
  } else {
    for (const b of bytes) words.push(0x100 | b);
    while (words.length % 8 !== 0) words.push(0);
  }
  const out = new Uint8Array((words.length / 8) * 9);
  let acc = 0;
  let bits = 0;
  let o = 0;
  for (const w of words) {
    acc = (acc << 9) | w;
    bits += 9;
    while (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
    acc &= (1 << bits) - 1;
  }
  return out;
}

/** Inverse of packNineBit: the 9-bit words, for decoders (the emulated device in the tests). */
export function unpackNineBit(packed: Uint8Array): number[] {
  const words: number[] = [];
  let acc = 0;
  let bits = 0;
  for (const b of packed) {
    acc = (acc << 8) | b;
    bits += 8;
    if (bits >= 9) {
      bits -= 9;
      words.push((acc >> bits) & 0x1ff);
      acc &= (1 << bits) - 1;
    }
  }
  return words;
}
