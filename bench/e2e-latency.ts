/**
 * Scenario: a client blits a full 320x240 rgb565 frame and presents; time
 * until its `frame` event arrives, unlimited bus (the simulated panel decodes
 * every byte in the daemon's process). Daemon and client run in this process,
 * talking over a real Unix socket.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from '../client/connect.js';
import { startDaemon } from '../daemon/daemon.js';
import { parseDaemonArgs } from '../daemon/config/load.js';
import type { DaemonConfig } from '../daemon/config/keys.js';
import { percentile, silent, type BenchResult } from './harness.js';
import { gradientRgba } from './scenario-frames.js';
import { Surface } from '../daemon/surface/surface.js';

export async function run(): Promise<BenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'spifb-bench-'));
  const config = parseDaemonArgs(['--rotation', '90', '--socket', join(dir, 'fb.sock')]) as DaemonConfig;
  const daemon = await startDaemon(config, silent);
  const display = await connect({ socket: config.socket });
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
  await daemon.close();
  rmSync(dir, { recursive: true, force: true });
  return {
    e2e_p50_ms: Math.round(percentile(latencies, 0.5) * 1000) / 1000,
    e2e_p99_ms: Math.round(percentile(latencies, 0.99) * 1000) / 1000,
  };
}
