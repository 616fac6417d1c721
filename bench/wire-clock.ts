/**
 * Scenario: a clock ticks (HH:MM:SS, seven-segment digits, 320x240): bytes
 * sent for the tick divided by the bytes of the pixels that changed. The
 * planner minimises modelled wire *time*, so how many unchanged pixels it
 * sends depends on what a window costs: reported for the default spidev
 * model (10 µs per transfer) and for a bus with 1 µs per transfer.
 */
import { digitRects } from '../daemon/demo/seven-segment.js';
import type { Surface } from '../daemon/surface/surface.js';
import type { BenchResult } from './harness.js';
import { changedPixels } from './scenario-frames.js';
import { streamRig } from './stream-rig.js';

function drawClock(surface: Surface, digits: number[]): void {
  surface.fill({ x: 0, y: 0, w: surface.width, h: surface.height }, 0x102030);
  digits.forEach((d, i) => {
    for (const r of digitRects(d, 20 + i * 46 + Math.floor(i / 2) * 12, 80, 36, 64, 6)) surface.fill(r, 0xffa000);
  });
}

async function ratio(transferOverheadUs: number): Promise<number> {
  const rig = await streamRig({ cost: { transferOverheadUs } });
  drawClock(rig.surface, [1, 2, 3, 4, 5, 9]);
  await rig.send();
  const before = rig.surface.bytes.slice();
  // 12:34:59 → 12:35:00: three digits change, the most a tick usually does.
  drawClock(rig.surface, [1, 2, 3, 5, 0, 0]);
  const changed = changedPixels(rig.surface, before);
  const frame = await rig.send();
  return frame.bytes / (changed * 2);
}

export async function run(): Promise<BenchResult> {
  return {
    wire_ratio_clock: round(await ratio(10)),
    wire_ratio_clock_1us: round(await ratio(1)),
  };
}

function round(v: number): number {
  return Math.round(v * 1000) / 1000;
}
