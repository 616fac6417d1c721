/**
 * Scenario: a client blits a full 320x240 rgb565 frame and presents; time
 * until its `frame` event arrives, unlimited bus (the simulated panel decodes
 * every byte in the daemon's process). The daemon runs in its own process, as
 * on a board.
 */
import { connect } from '../client/connect.js';
import { daemonChild } from './daemon-child.js';
import { percentile, type BenchResult } from './harness.js';
import { gradientRgba } from './scenario-frames.js';
import { Surface } from '../daemon/surface/surface.js';

export async function run(): Promise<BenchResult> {
  const daemon = await daemonChild(['--rotation', '90']);
  const display = await connect({ socket: daemon.socket });
  const rect = { x: 0, y: 0, w: 320, h: 240 };
  const frames = [0, 1].map((phase) => {
    const s = Surface.allocate(320, 240);
    s.blit(rect, 'rgba8888', gradientRgba(320, 240, phase), 320 * 4);
    return s.bytes;
  });
  const latencies: number[] = [];
  for (let i = 0; i < 330; i++) {
    const t0 = performance.now();
    await display.blit(rect, 'rgb565', frames[i & 1]);
    await display.waitFrame(await display.present());
    if (i >= 30) latencies.push(performance.now() - t0); // after JIT warm-up
  }
  display.close();
  await daemon.stop();
  return {
    e2e_p50_ms: Math.round(percentile(latencies, 0.5) * 1000) / 1000,
    e2e_p99_ms: Math.round(percentile(latencies, 0.99) * 1000) / 1000,
  };
}
