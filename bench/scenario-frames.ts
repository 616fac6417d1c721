import { Surface } from '../daemon/surface/surface.js';

/** A 320x240 RGBA8888 frame of moving gradients: every pixel differs between `phase`s. */
export function gradientRgba(width: number, height: number, phase: number): Uint8Array {
  const rgba = new Uint8Array(width * height * 4);
  for (let y = 0, o = 0; y < height; y++) {
    for (let x = 0; x < width; x++, o += 4) {
      rgba[o] = (x + phase * 8) & 0xff;
      rgba[o + 1] = (y + phase * 16) & 0xff;
      rgba[o + 2] = (x ^ y ^ (phase * 32)) & 0xff;
      rgba[o + 3] = 0xff;
    }
  }
  return rgba;
}

/** Count the rgb565 pixels that differ between two surfaces. */
export function changedPixels(a: Surface, b: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < a.width * a.height; i++) {
    if (a.bytes[2 * i] !== b[2 * i] || a.bytes[2 * i + 1] !== b[2 * i + 1]) n++;
  }
  return n;
}
