/**
 * Scenario: full-frame updates (every pixel changes) on the simulated bus at
 * 62.5 MHz, with a frame always waiting: achieved fps divided by the wire
 * limit (62.5e6 / 8 / 153,600 bytes ≈ 50.9 fps for 320x240 RGB565).
 */
import { gradientRgba } from './scenario-frames.js';
import type { BenchResult } from './harness.js';
import { streamRig } from './stream-rig.js';

const HZ = 62_500_000;

export async function run(): Promise<BenchResult> {
  const rig = await streamRig({ busHz: HZ });
  const { surface, streamer } = rig;
  const whole = { x: 0, y: 0, w: 320, h: 240 };
  const frames = [0, 1].map((phase) => {
    surface.blit(whole, 'rgba8888', gradientRgba(320, 240, phase), 320 * 4);
    return surface.bytes.slice();
  });
  const total = 80;
  let presented = 0;
  const present = (): void => {
    surface.bytes.set(frames[presented++ & 1]);
    streamer.present();
  };
  present();
  await streamer.drained(); // the first frame sets the pace; time the rest
  // Time on the wire's own clock: from when the wire finished the untimed
  // frame to when it finishes the last one, idle gaps included. (Frame events
  // come up to the clock's 4 ms transmit queue early, so wall time would
  // flatter the figure.)
  const clock = rig.clock!;
  const t0 = clock.idleAt;
  const seq0 = rig.frames.at(-1)!.seq;
  // Keep one frame waiting: present the next as soon as one starts.
  await new Promise<void>((resolve) => {
    streamer.on('frame', (f) => {
      if (f.seq - seq0 >= total) resolve();
      else present();
    });
    present();
    present();
  });
  const elapsed = (clock.idleAt - t0) / 1000;
  // Whole frames' worth of bytes that crossed the wire (a coalesced present
  // can make a frame identical to the last: it sends nothing and must not count).
  const bytes = rig.frames.filter((f) => f.seq > seq0).reduce((sum, f) => sum + f.bytes, 0);
  const fps = bytes / (320 * 240 * 2) / elapsed;
  const limit = HZ / 8 / (320 * 240 * 2);
  return {
    bus_fps: Math.round(fps * 100) / 100,
    bus_wire_limit_fps: Math.round(limit * 100) / 100,
    bus_utilisation: Math.round((fps / limit) * 1000) / 1000,
  };
}
