import t from 'tap';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';
import type { Bus } from '../../../daemon/bus/bus.js';
import { SimBus } from '../../../daemon/bus/sim-bus.js';
import { TraceBus } from '../../../daemon/bus/trace-bus.js';
import { WireClock } from '../../../daemon/bus/wire-clock.js';
import { DcsPanel } from '../../../daemon/panel/dcs-panel.js';
import { ili9341 } from '../../../daemon/panel/presets/ili9341.js';
import { DbiTraceWriter, parseDbiTrace, replayDbiTrace } from '../../../daemon/sim/dbi-trace.js';
import { ili9341Module } from '../../../daemon/sim/module-model.js';
import { SimPanel } from '../../../daemon/sim/sim-panel.js';
import { Streamer } from '../../../daemon/stream/streamer.js';
import { Surface } from '../../../daemon/surface/surface.js';
import { Ring } from '../../../daemon/ring/ring.js';
import { ShmBuffer } from '../../../daemon/memory/shm-buffer.js';
import type { FrameEvent } from '../../../protocol/messages/present.js';
import { tempDir } from '../../helpers/daemon-process.js';
import { prng, randInt } from '../../helpers/prng.js';
import { firstDifference, quantise565 } from '../../helpers/test-image.js';

const noSleep = async (): Promise<void> => {};
const silent = pino({ level: 'silent' });

/** The screen (rotation 0: glass = screen) as RGB888. */
function glassOf(sim: SimPanel): Uint8Array {
  return sim.glassView().rgb;
}

/** What the panel must show for an rgb565 frame: each pixel widened as the ILI9341 does. */
function expectedOf(surface: Surface): Uint8Array {
  const rgb = new Uint8Array(surface.width * surface.height * 3);
  for (let i = 0, o = 0; i < surface.width * surface.height; i++, o += 3) {
    const v = surface.bytes[2 * i] | (surface.bytes[2 * i + 1] << 8);
    rgb[o] = (v >> 11) << 3;
    rgb[o + 1] = ((v >> 5) & 0x3f) << 2;
    rgb[o + 2] = (v & 0x1f) << 3;
  }
  return quantise565(rgb); // truncation is exact here: the low bits are already zero
}

async function rig(t: { teardown(fn: () => unknown): void }, opts: { hz?: number; bus?: (b: Bus) => Bus; trace?: string } = {}) {
  const sim = new SimPanel(ili9341Module);
  const trace = opts.trace ? new DbiTraceWriter(opts.trace) : undefined;
  const clock = opts.hz ? new WireClock({ hz: opts.hz, transferOverheadUs: 10 }) : undefined;
  const simBus = new SimBus(sim, clock);
  const traced: Bus = trace ? new TraceBus(simBus, trace) : simBus;
  const bus = opts.bus ? opts.bus(traced) : traced;
  const panel = new DcsPanel(ili9341, 0, bus, noSleep);
  await panel.init();
  const surface = Surface.allocate(panel.width, panel.height);
  const streamer = new Streamer({ surface, panel, logger: silent });
  const frames: FrameEvent[] = [];
  streamer.on('frame', (f) => frames.push(f));
  t.teardown(() => bus.close());
  return { sim, simBus, bus, panel, surface, streamer, frames };
}

t.test('property: whatever the coalescing and merging, the panel ends equal to the last presented frame', async (t) => {
  const dir = tempDir(t);
  const rand = prng(2026);
  for (let run = 0; run < 12; run++) {
    const trace = join(dir, `run${run}.dbi`);
    const r = await rig(t, { trace, hz: run % 3 === 0 ? 20_000_000 : undefined });
    let lastSeq = 0;
    for (let step = 0; step < 15; step++) {
      const edits = randInt(rand, 1, 6);
      for (let e = 0; e < edits; e++) {
        if (rand() < 0.5) {
          const w = randInt(rand, 1, 240);
          const h = randInt(rand, 1, 80);
          r.surface.fill({ x: randInt(rand, 0, 240 - w + 1), y: randInt(rand, 0, 320 - h + 1), w, h }, randInt(rand, 0, 0x1000000));
        } else {
          for (let k = 0; k < 40; k++) {
            const o = 2 * randInt(rand, 0, 240 * 320);
            r.surface.bytes[o] = randInt(rand, 0, 256);
            r.surface.bytes[o + 1] = randInt(rand, 0, 256);
          }
        }
      }
      const seq = r.streamer.present();
      t.ok(seq >= lastSeq, 'seq never goes back');
      lastSeq = seq;
      // Sometimes let the wire catch up, sometimes present again at once (coalescing).
      if (rand() < 0.4) await r.streamer.drained();
    }
    await r.streamer.drained();
    const expected = expectedOf(r.surface);
    t.equal(firstDifference(glassOf(r.sim), expected, 240), null, `run ${run}: glass equals the last frame`);
    t.equal(r.frames.at(-1)!.seq, lastSeq, `run ${run}: the last frame event carries the last present`);
    await r.bus.close(); // flushes the trace
    const replay = new SimPanel(ili9341Module);
    replayDbiTrace(parseDbiTrace(readFileSync(trace)), replay);
    t.equal(firstDifference(glassOf(replay), expected, 240), null, `run ${run}: the DBI trace decodes to it too`);
  }
});

t.test('presents faster than the wire are coalesced, latest wins', async (t) => {
  const r = await rig(t, { hz: 10_000_000 }); // a full frame takes ~123 ms
  const seqs: number[] = [];
  for (let i = 0; i < 10; i++) {
    r.surface.fill({ x: 0, y: 0, w: 240, h: 320 }, i * 0x111111);
    seqs.push(r.streamer.present());
  }
  await r.streamer.drained();
  t.ok(r.frames.length <= 3, `10 presents, ${r.frames.length} frames`);
  t.equal(r.frames.at(-1)!.seq, seqs.at(-1));
  t.equal(firstDifference(glassOf(r.sim), expectedOf(r.surface), 240), null);
});

t.test('only changed pixels go out; an unchanged present sends nothing', async (t) => {
  const r = await rig(t);
  r.surface.fill({ x: 100, y: 200, w: 3, h: 2 }, 0xffffff);
  r.streamer.present();
  await r.streamer.drained();
  t.match(r.frames.at(-1), { pixels: 6, rects: 1 });
  // 6 pixels x 2 bytes + RAMWR + CASET and PASET (5 bytes each).
  t.equal(r.frames.at(-1)!.bytes, 12 + 1 + 10);
  r.streamer.present();
  await r.streamer.drained();
  t.match(r.frames.at(-1), { bytes: 0, pixels: 0, rects: 0 });
  // Same rows again, other columns: CASET changes, PASET is skipped.
  r.surface.fill({ x: 10, y: 200, w: 3, h: 2 }, 0xffffff);
  r.streamer.present();
  await r.streamer.drained();
  t.equal(r.frames.at(-1)!.bytes, 12 + 1 + 5, 'unchanged PASET not resent');
});

t.test('`rects` in the frame event is the number of windows (protocol/README.md, `frame`)', async (t) => {
  const r = await rig(t);
  // Two changes far apart: opening a second window is cheaper than sending
  // the rows between them.
  r.surface.fill({ x: 0, y: 0, w: 4, h: 4 }, 0xffffff);
  r.surface.fill({ x: 200, y: 300, w: 4, h: 4 }, 0xffffff);
  r.streamer.present();
  await r.streamer.drained();
  t.match(r.frames.at(-1), { rects: 2, pixels: 32 });
  t.equal(firstDifference(glassOf(r.sim), expectedOf(r.surface), 240), null);
});

t.test('a failed transfer is counted and the next frame goes out whole', async (t) => {
  let failNext = false;
  const r = await rig(t, {
    bus: (inner) => ({
      kind: 'flaky',
      hasTe: false,
      run: async (program) => {
        if (failNext) {
          failNext = false;
          throw Object.assign(new Error('EIO'), { code: 'EIO' });
        }
        return inner.run(program);
      },
      reset: () => inner.reset(),
      backlight: (l) => inner.backlight(l),
      close: () => inner.close(),
    }),
  });
  r.surface.fill({ x: 0, y: 0, w: 10, h: 10 }, 0xff0000);
  failNext = true;
  r.streamer.present();
  await r.streamer.drained();
  t.equal(r.streamer.getStats().errors, 1);
  t.match(r.frames.at(-1), { pixels: 240 * 320 }, 'retried as a full frame');
  t.equal(firstDifference(glassOf(r.sim), expectedOf(r.surface), 240), null, 'the panel recovered');
});

t.test('a cache sync that fails once loses nothing: the panel and the seqs catch up', async (t) => {
  const sim = new SimPanel(ili9341Module);
  const bus = new SimBus(sim);
  const panel = new DcsPanel(ili9341, 0, bus, noSleep);
  await panel.init();
  const ring = Ring.open({ buffer: 'shm', width: 240, height: 320, stride: 480, wireBytesPerPixel: 2, slots: 1, name: 'syncfail',
    open: (_spec, size) => new ShmBuffer(size, 64, 'syncfail') });
  t.teardown(() => ring.close());
  let failNext = true;
  const device = ring.dma.syncForDevice.bind(ring.dma);
  ring.dma.syncForDevice = (o, l) => {
    if (failNext) {
      failNext = false;
      throw Object.assign(new Error('sync failed'), { code: 'EBUS' });
    }
    device(o, l);
  };
  const surface = Surface.allocate(240, 320);
  const streamer = new Streamer({ surface, panel, logger: silent, txArea: ring.txArea() });
  t.teardown(() => streamer.stop()); // before the ring's unmap (teardowns run in reverse)
  const seen: number[] = [];
  streamer.on('frame', (f) => seen.push(f.seq));
  surface.fill({ x: 0, y: 0, w: 240, h: 320 }, 0x0000ff);
  streamer.present();
  surface.fill({ x: 0, y: 0, w: 10, h: 10 }, 0xff0000);
  const last = streamer.present(); // waits behind the failing frame
  await streamer.drained();
  await streamer.drained(); // the retry runs after a back-off
  t.ok(seen.at(-1)! >= last, `frame events reached seq ${last} (saw ${seen})`);
  t.equal(streamer.getStats().errors, 1);
  t.equal(firstDifference(glassOf(sim), expectedOf(surface), 240), null, 'the panel shows the last frame');
});
