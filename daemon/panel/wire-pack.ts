import type { WireFormat } from './panel-spec.js';

/** Bytes per pixel on the wire. */
export function wireBytesPerPixel(format: WireFormat): number {
  return format === 'rgb565' ? 2 : 3;
}

/**
 * Pack a rectangle of the rgb565 (little-endian) framebuffer into the panel's
 * wire format at `out[0..]`; returns the byte count.
 *
 * rgb565 goes out big-endian, high byte first (ILI9341 §7.6.4, 16 bit/pixel
 * over the 4-line serial interface). rgb666 goes out as 3 bytes with each
 * channel in D7..D2 (ILI9341 §7.6.4, 18 bit/pixel); 5-bit red and blue are
 * widened by copying their MSB into the LSB, as the controller itself does for
 * 16-bit input, so both wire formats show the same colours.
 */
export function packRect(
  fb: Uint8Array, stride: number,
  x: number, y: number, w: number, h: number,
  format: WireFormat, out: Uint8Array,
): number {
  let o = 0;
  if (format === 'rgb565') {
    // Copy the rows, then swap each pixel's bytes in one native pass
    // (Buffer#swap16): several times faster than a byte loop in JS.
    const rowBytes = w * 2;
    for (let row = 0; row < h; row++) {
      const s = (y + row) * stride + x * 2;
      out.set(fb.subarray(s, s + rowBytes), o);
      o += rowBytes;
    }
    Buffer.from(out.buffer, out.byteOffset, o).swap16();
    return o;
  }
  for (let row = 0; row < h; row++) {
    let s = (y + row) * stride + x * 2;
    const end = s + w * 2;
    for (; s < end; s += 2, o += 3) {
      const v = fb[s] | (fb[s + 1] << 8);
      const r5 = v >> 11;
      const b5 = v & 0x1f;
      out[o] = ((r5 << 1) | (r5 >> 4)) << 2;
      out[o + 1] = ((v >> 5) & 0x3f) << 2;
      out[o + 2] = ((b5 << 1) | (b5 >> 4)) << 2;
    }
  }
  return o;
}
