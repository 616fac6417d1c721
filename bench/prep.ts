/**
 * Scenario: the daemon's own per-frame CPU work — Streamer.present of a frame
 * held in a slot (read in place, as a zero-copy client's), the diff against
 * the shadow, window planning, packing, the shadow update and the panel's
 * frame program, up to the frame event — on a bus that costs nothing, for
 * three frames (full, clock tick, cursor), against the same work in C
 * (bench/c/prep.c, built here at -O3: row memcmp skip, word-wise diff,
 * changed-window copy, mask/shift swap), in the same run.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Bus } from '../daemon/bus/bus.js';
import { breakEvenPixels, DEFAULT_COST } from '../daemon/bus/wire-cost.js';
import { DcsPanel } from '../daemon/panel/dcs-panel.js';
import { ili9341 } from '../daemon/panel/presets/ili9341.js';
import { Streamer } from '../daemon/stream/streamer.js';
import { Surface } from '../daemon/surface/surface.js';
import { silent, type BenchResult } from './harness.js';
import { PREP_H, PREP_W, prepFrames, type PrepScenario } from './prep-frames.js';

const here = dirname(fileURLToPath(import.meta.url));
const SCENARIOS: PrepScenario[] = ['full', 'clock', 'cursor'];
export const PREP_RATIO_GOAL = 1.5;

function cBaseline(breakEven: number): Record<PrepScenario, number> {
  const out = join(here, 'build');
  mkdirSync(out, { recursive: true });
  const bin = join(out, 'prep');
  execFileSync('cc', ['-O3', '-o', bin, join(here, 'c/prep.c')]);
  const [full, clock, cursor] = execFileSync(bin, [String(breakEven)], { encoding: 'utf8' }).trim().split(' ').map(Number);
  return { full, clock, cursor };
}

/** A bus that takes every program at once: only the daemon's own work is timed. */
const freeBus: Bus = {
  kind: 'free', hasTe: false,
  run: async () => {}, reset: async () => true, backlight: async () => {}, close: async () => {},
};

async function streamerUs(scenario: PrepScenario): Promise<number> {
  const panel = new DcsPanel(ili9341, 90, freeBus, async () => {});
  await panel.init();
  if (panel.width !== PREP_W || panel.height !== PREP_H) throw new Error('the scenario is 320x240');
  const streamer = new Streamer({ surface: Surface.allocate(PREP_W, PREP_H), panel, logger: silent });
  const frames = prepFrames(scenario);
  let k = 0;
  const presentOne = async (): Promise<void> => {
    k = (k + 1) % frames.length;
    streamer.present({ bytes: frames[k], reading: () => {}, consumed: () => {} });
    await streamer.drained();
  };
  const reps = scenario === 'full' ? 100 : 1000;
  for (let i = 0; i < reps; i++) await presentOne(); // warm up the JIT
  const batches: number[] = [];
  for (let b = 0; b < 9; b++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < reps; i++) await presentOne();
    batches.push(Number(process.hrtime.bigint() - t0) / 1000 / reps);
  }
  batches.sort((a, b) => a - b);
  return batches[4];
}

export async function run(): Promise<BenchResult> {
  const c = cBaseline(breakEvenPixels(DEFAULT_COST));
  const result: BenchResult = {};
  for (const s of SCENARIOS) {
    const js = await streamerUs(s);
    result[`prep_${s}_us`] = round(js);
    result[`c_${s}_us`] = round(c[s]);
    result[`prep_ratio_vs_c_${s}`] = round(js / c[s]);
  }
  result.prep_ratio_goal = `<= ${PREP_RATIO_GOAL}`;
  return result;
}

function round(v: number): number {
  return Math.round(v * 1000) / 1000;
}
