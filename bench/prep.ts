/**
 * Scenario: the CPU work of one full 320x240 frame — convert RGBA8888 into the
 * rgb565 framebuffer, diff against the shadow, plan windows, pack for the
 * wire — in the daemon's code, against the same work in C (bench/c/prep.c,
 * built here with the machine's compiler at -O2), in the same run.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packRect } from '../daemon/panel/wire-pack.js';
import { planWindows } from '../daemon/stream/plan.js';
import { findSpans, SpanBuffer } from '../daemon/stream/spans.js';
import { breakEvenPixels, DEFAULT_COST } from '../daemon/bus/wire-cost.js';
import { Surface } from '../daemon/surface/surface.js';
import { timeUs, type BenchResult } from './harness.js';
import { gradientRgba } from './scenario-frames.js';

const here = dirname(fileURLToPath(import.meta.url));

function cReference(breakEven: number): number {
  const out = join(here, 'build');
  mkdirSync(out, { recursive: true });
  const bin = join(out, 'prep');
  execFileSync('cc', ['-O2', '-o', bin, join(here, 'c/prep.c')]);
  return Number(execFileSync(bin, [String(breakEven)], { encoding: 'utf8' }).split(' ')[0]);
}

export function run(): BenchResult {
  const W = 320;
  const H = 240;
  const frames = [gradientRgba(W, H, 0), gradientRgba(W, H, 1)];
  const surface = Surface.allocate(W, H);
  const shadow = new Uint8Array(W * H * 2);
  const tx = new Uint8Array(W * H * 2);
  const spans = new SpanBuffer();
  const whole = { x: 0, y: 0, w: W, h: H };
  const breakEven = breakEvenPixels(DEFAULT_COST);
  surface.blit(whole, 'rgba8888', frames[0], W * 4);
  shadow.set(surface.bytes);
  let i = 0;
  const js = timeUs(() => {
    i ^= 1;
    surface.blit(whole, 'rgba8888', frames[i], W * 4);
    findSpans(surface.bytes, shadow, W, W * 2, breakEven, spans, 0, H);
    let o = 0;
    for (const r of planWindows(spans, breakEven)) o += packRect(surface.bytes, W * 2, r.x, r.y, r.w, r.h, 'rgb565', tx.subarray(o));
    if (o !== W * H * 2) throw new Error(`packed ${o} bytes, expected a full frame`);
    shadow.set(surface.bytes);
  });
  const c = cReference(breakEven);
  return { prep_full_frame_us: round(js), prep_c_us: round(c), prep_ratio_vs_c: round(js / c) };
}

function round(v: number): number {
  return Math.round(v * 1000) / 1000;
}
