/**
 * Scenario: a client blits a full 320x240 rgb565 frame and presents; time
 * until its `frame` event arrives, unlimited bus (the simulated panel decodes
 * every byte in the daemon's process). The daemon runs in its own process, as
 * on a board.
 */
import { connect } from '../client/connect.js';
import { daemonChild } from './daemon-child.js';
import { percentile, type BenchResult } from './harness.js';
import { socketFloor } from './socket-floor.js';
import { run as prep } from './prep.js';

/** Issue 14: p99 within twice the bare round trip's p99 plus the frame's own prepare time. */
export const E2E_FLOOR_RATIO_GOAL = 2;
import { gradientRgba } from './scenario-frames.js';
import { Surface } from '../daemon/surface/surface.js';

export async function run(): Promise<BenchResult> {
  // The floor: a request the size of the blit (msgpack adds a few bytes), a small reply.
  const floor = await socketFloor(320 * 240 * 2 + 64);
  const prepFullMs = Number((await prep()).prep_full_us) / 1000;
  const daemon = await daemonChild(['--rotation', '90']);
  const display = await connect({ socket: daemon.socket });
  const rect = { x: 0, y: 0, w: 320, h: 240 };
  const frames = [0, 1].map((phase) => {
    const s = Surface.allocate(320, 240);
    s.blit(rect, 'rgba8888', gradientRgba(320, 240, phase), 320 * 4);
    return s.bytes;
  });
  const latencies: number[] = [];
  for (let i = 0; i < 3300; i++) {
    const t0 = performance.now();
    await display.blit(rect, 'rgb565', frames[i & 1]);
    await display.waitFrame(await display.present());
    if (i >= 300) latencies.push(performance.now() - t0); // after a proper warm-up: 3,000 samples
  }
  display.close();
  await daemon.stop();
  return {
    e2e_p50_ms: Math.round(percentile(latencies, 0.5) * 1000) / 1000,
    e2e_p99_ms: Math.round(percentile(latencies, 0.99) * 1000) / 1000,
    socket_floor_p99_ms: Math.round(floor.p99Ms * 1000) / 1000,
    e2e_p99_ratio_vs_floor: Math.round((percentile(latencies, 0.99) / (floor.p99Ms + prepFullMs)) * 100) / 100,
    e2e_p99_ratio_goal: `<= ${E2E_FLOOR_RATIO_GOAL}`,
  };
}
