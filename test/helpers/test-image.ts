import sharp from 'sharp';

/**
 * An asymmetric RGB888 test image: red rises left → right, green top →
 * bottom, blue is a checker pattern, and each corner has its own solid
 * colour, so any mirror, rotation or channel swap changes the pixels.
 */
export function testImage(width: number, height: number): Uint8Array {
  const rgb = new Uint8Array(width * height * 3);
  const corner = Math.max(4, Math.floor(Math.min(width, height) / 10));
  const corners = [
    [0xff, 0x00, 0x00], // top-left red
    [0x00, 0xff, 0x00], // top-right green
    [0x00, 0x00, 0xff], // bottom-left blue
    [0xff, 0xff, 0xff], // bottom-right white
  ];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 3;
      const cx = x < corner ? 0 : x >= width - corner ? 1 : -1;
      const cy = y < corner ? 0 : y >= height - corner ? 2 : -1;
      if (cx >= 0 && cy >= 0) {
        rgb.set(corners[cx + cy], o);
      } else {
        rgb[o] = Math.round((x * 255) / (width - 1));
        rgb[o + 1] = Math.round((y * 255) / (height - 1));
        rgb[o + 2] = ((x >> 3) ^ (y >> 3)) & 1 ? 0xe0 : 0x18;
      }
    }
  }
  return rgb;
}

export async function writePng(path: string, width: number, height: number, rgb: Uint8Array): Promise<void> {
  await sharp(rgb, { raw: { width, height, channels: 3 } }).png().toFile(path);
}

export async function readPng(path: string): Promise<{ width: number; height: number; rgb: Uint8Array }> {
  const { data, info } = await sharp(path).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, rgb: new Uint8Array(data) };
}

/**
 * The colour an ILI9341 shows for an 8-bit colour sent as RGB565: truncate to
 * 5/6/5 bits; the controller widens 5-bit red and blue to its 6-bit GRAM by
 * copying the MSB into the LSB (ILI9341 datasheet §7.6.4, 65K colour
 * 16 bit/pixel); 6 bits then read out as 8 by bit replication.
 */
export function through565(v: number, bits: 5 | 6): number {
  const six = bits === 5 ? ((v >> 3) << 1) | (v >> 7) : v >> 2;
  return (six << 2) | (six >> 4);
}

export function quantise565(rgb: Uint8Array): Uint8Array {
  const out = new Uint8Array(rgb.length);
  for (let i = 0; i < rgb.length; i += 3) {
    out[i] = through565(rgb[i], 5);
    out[i + 1] = through565(rgb[i + 1], 6);
    out[i + 2] = through565(rgb[i + 2], 5);
  }
  return out;
}

/** First differing pixel, for a readable failure message. */
export function firstDifference(a: Uint8Array, b: Uint8Array, width: number): string | null {
  if (a.length !== b.length) return `lengths ${a.length} vs ${b.length}`;
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) {
      const p = Math.floor(i / 3);
      return `pixel (${p % width}, ${Math.floor(p / width)}): ${[...a.subarray(p * 3, p * 3 + 3)]} vs ${[...b.subarray(p * 3, p * 3 + 3)]}`;
    }
  }
  return null;
}
