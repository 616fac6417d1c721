/**
 * The frames of the prep scenarios, pixel for pixel the same as bench/c/prep.c
 * generates them: RGB565, little-endian in memory (the daemon's framebuffer).
 * full: every pixel changes; clock: a 100x40 area flips (a clock tick's
 * digits); cursor: a 16x16 square moves one pixel.
 */
export const PREP_W = 320;
export const PREP_H = 240;
export const PREP_FRAMES = 64;
export type PrepScenario = 'full' | 'clock' | 'cursor';

const BG = 0x18e3;

function pixel(scenario: PrepScenario, k: number, x: number, y: number): number {
  if (scenario === 'full') return (x * 7 + y * 13 + (k & 1) * 0x5555) & 0xffff;
  if (scenario === 'clock') {
    if (x >= 110 && x < 210 && y >= 100 && y < 140) return ((x >> 2) ^ (y >> 3) ^ k) & 1 ? 0xffff : 0x0000;
    return BG;
  }
  const cx = 40 + (k % 200);
  return x >= cx && x < cx + 16 && y >= 60 && y < 76 ? 0xffff : BG;
}

export function prepFrames(scenario: PrepScenario): Uint8Array[] {
  const frames: Uint8Array[] = [];
  for (let k = 0; k < PREP_FRAMES; k++) {
    const fb = new Uint8Array(PREP_W * PREP_H * 2);
    for (let y = 0; y < PREP_H; y++) {
      for (let x = 0; x < PREP_W; x++) {
        const v = pixel(scenario, k, x, y);
        fb[(y * PREP_W + x) * 2] = v & 0xff;
        fb[(y * PREP_W + x) * 2 + 1] = v >> 8;
      }
    }
    frames.push(fb);
  }
  return frames;
}
