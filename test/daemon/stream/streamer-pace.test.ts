import t from 'tap';
import { pino } from 'pino';
import type { Bus } from '../../../daemon/bus/bus.js';
import { SimBus } from '../../../daemon/bus/sim-bus.js';
import { DcsPanel } from '../../../daemon/panel/dcs-panel.js';
import { ili9341 } from '../../../daemon/panel/presets/ili9341.js';
import { ili9341Module } from '../../../daemon/sim/module-model.js';
import { SimPanel } from '../../../daemon/sim/sim-panel.js';
import { Streamer } from '../../../daemon/stream/streamer.js';
import { Surface } from '../../../daemon/surface/surface.js';

// protocol/README.md, `present`: "With an fps cap, frames start at least
// 1000/fps ms apart." Measured on a fake clock: the bus stamps each frame's
// start and advances the clock by its wire time; the fake sleep fires early,
// as Node's timers do (libuv measures a timeout from the time cached at the
// start of the loop iteration, in whole milliseconds, so after a few ms of
// work a 50 ms timeout fires 47-49.9 ms later by performance.now()).

const silent = pino({ level: 'silent' });

async function pacedRig(t: { teardown(fn: () => unknown): void }, fps: number, earlyMs: number, wireMs: number) {
  let clock = 1000;
  const starts: number[] = [];
  const sleeps: number[] = [];
  const simBus = new SimBus(new SimPanel(ili9341Module));
  let framing = false;
  const bus: Bus = {
    kind: 'paced-test',
    hasTe: false,
    run: async (program) => {
      if (framing) {
        starts.push(clock);
        clock += wireMs;
      }
      return simBus.run(program);
    },
    reset: () => simBus.reset(),
    backlight: (l) => simBus.backlight(l),
    close: () => simBus.close(),
  };
  const panel = new DcsPanel(ili9341, 0, bus, async () => {});
  await panel.init();
  framing = true;
  const surface = Surface.allocate(panel.width, panel.height);
  const streamer = new Streamer({
    surface, panel, logger: silent, fps,
    now: () => clock,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      clock += Math.max(0.05, ms - earlyMs); // a timer that fires early, but never before now
    },
  });
  t.teardown(() => bus.close());
  return { streamer, surface, starts, sleeps };
}

function gapsOf(starts: number[]): number[] {
  return starts.slice(1).map((s, i) => s - starts[i]);
}

for (const { fps, early, wire } of [
  { fps: 20, early: 0.9, wire: 3 },
  { fps: 20, early: 0, wire: 3 },
  { fps: 30, early: 2.5, wire: 0.4 },
  { fps: 60, early: 0.3, wire: 20 }, // the wire is slower than the cap
]) {
  t.test(`--fps ${fps}, timers ${early} ms early, ${wire} ms on the wire: frames start at least 1000/fps ms apart`, async (t) => {
    const r = await pacedRig(t, fps, early, wire);
    for (let i = 0; i < 40; i++) {
      r.surface.fill({ x: 0, y: i, w: 10, h: 1 }, 0xff0000 + i);
      r.streamer.present();
      // Half the presents come faster than the cap (they coalesce or queue
      // behind the one on the wire), half after the wire is idle.
      if (i % 2) await r.streamer.drained();
    }
    await r.streamer.drained();
    const gaps = gapsOf(r.starts);
    t.ok(gaps.length >= 19, `${r.starts.length} frames`);
    const short = gaps.filter((g) => g < 1000 / fps);
    t.same(short, [], `no gap under ${1000 / fps} ms (min ${Math.min(...gaps).toFixed(3)})`);
    t.ok(r.sleeps.every((ms) => Number.isInteger(ms) && ms >= 1), 'timers are asked for whole milliseconds');
  });
}

t.test('without a cap nothing waits', async (t) => {
  const r = await pacedRig(t, 0, 0, 3);
  for (let i = 0; i < 5; i++) {
    r.surface.fill({ x: 0, y: i, w: 10, h: 1 }, 0x00ff00);
    r.streamer.present();
    await r.streamer.drained();
  }
  t.equal(r.sleeps.length, 0);
  t.same(gapsOf(r.starts), [3, 3, 3, 3], 'each frame starts when the last one ends');
});
