import t from 'tap';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { pino } from 'pino';
import { SimBus } from '../../../daemon/bus/sim-bus.js';
import { TraceBus } from '../../../daemon/bus/trace-bus.js';
import { DcsPanel } from '../../../daemon/panel/dcs-panel.js';
import { ili9341 } from '../../../daemon/panel/presets/ili9341.js';
import { DbiTraceWriter, parseDbiTrace, replayDbiTrace } from '../../../daemon/sim/dbi-trace.js';
import { ili9341Module } from '../../../daemon/sim/module-model.js';
import { SimPanel } from '../../../daemon/sim/sim-panel.js';
import { Streamer, type FrameSource } from '../../../daemon/stream/streamer.js';
import { Surface } from '../../../daemon/surface/surface.js';
import { tempDir } from '../../helpers/daemon-process.js';
import { prng, randInt } from '../../helpers/prng.js';
import { firstDifference, quantise565 } from '../../helpers/test-image.js';

// Issue 12, finding 7: a slot is client-writable shared memory, so its bytes
// can change at any instant while the daemon diffs and packs it. Whatever the
// client does, the panel must end equal to the daemon's shadow, and
// re-presenting the picture must repair the panel.

const W = 240;
const H = 320;
const STRIDE = W * 2;
const silent = pino({ level: 'silent' });
const noSleep = async (): Promise<void> => {};

/** What the glass shows for an rgb565 frame (ILI9341 widening, as streamer.test.ts). */
function expectedOf(frame: Uint8Array): Uint8Array {
  const rgb = new Uint8Array(W * H * 3);
  for (let i = 0, o = 0; i < W * H; i++, o += 3) {
    const v = frame[2 * i] | (frame[2 * i + 1] << 8);
    rgb[o] = (v >> 11) << 3;
    rgb[o + 1] = ((v >> 5) & 0x3f) << 2;
    rgb[o + 2] = (v & 0x1f) << 3;
  }
  return quantise565(rgb);
}

function fillRect(frame: Uint8Array, x: number, y: number, w: number, h: number, rgb565: number): void {
  for (let r = y; r < y + h; r++) {
    for (let c = x; c < x + w; c++) {
      frame[r * STRIDE + 2 * c] = rgb565 & 0xff;
      frame[r * STRIDE + 2 * c + 1] = rgb565 >> 8;
    }
  }
}

/**
 * A slot whose client writes while the daemon reads it. The streamer reads a
 * frame's rows through `subarray` once its diff is done (the diff itself reads
 * through word views of the buffer), so a write armed in `reading()` and fired
 * at the k-th `subarray` call lands after the diff, between or inside the
 * copies the daemon makes of the frame — the instant finding 7 is about.
 * `fired` lets the test prove the write really landed there.
 */
class HostileBytes extends Uint8Array<ArrayBuffer> {
  static get [Symbol.species](): Uint8ArrayConstructor {
    return Uint8Array; // subarray() returns plain views
  }
  private armedAt = -1;
  private calls = 0;
  private write: ((bytes: Uint8Array) => void) | undefined;
  fired = 0;

  arm(atCall: number, write: (bytes: Uint8Array) => void): void {
    this.armedAt = atCall;
    this.calls = 0;
    this.write = write;
  }

  disarm(): void {
    this.write = undefined;
  }

  override subarray(begin?: number, end?: number): Uint8Array<ArrayBuffer> {
    if (this.write && this.calls++ === this.armedAt) {
      const write = this.write;
      this.write = undefined;
      write(new Uint8Array(this.buffer, this.byteOffset, this.byteLength));
      this.fired++;
    }
    return super.subarray(begin, end);
  }
}

async function rig(t: { teardown(fn: () => unknown): void }, trace?: string) {
  const sim = new SimPanel(ili9341Module);
  const simBus = new SimBus(sim);
  const bus = trace ? new TraceBus(simBus, new DbiTraceWriter(trace)) : simBus;
  const panel = new DcsPanel(ili9341, 0, bus, noSleep);
  await panel.init();
  const surface = Surface.allocate(panel.width, panel.height);
  const streamer = new Streamer({ surface, panel, logger: silent });
  t.teardown(() => bus.close());
  return { sim, bus, streamer };
}

/** A slot as the ring hands it to the streamer; `onReading` runs as the daemon starts reading it. */
function slotSource(bytes: Uint8Array, onReading?: () => void): FrameSource & { released: number } {
  const source = {
    bytes,
    released: 0,
    reading: () => onReading?.(),
    consumed: () => {
      source.released++;
      if (bytes instanceof HostileBytes) bytes.disarm();
    },
  };
  return source;
}

t.test('a client that rewrites its slot between the diff and the pack cannot desynchronise the panel', async (t) => {
  const r = await rig(t);
  const slot = new HostileBytes(new ArrayBuffer(STRIDE * H));
  fillRect(slot, 0, 0, W, H, 0x001f); // blue
  r.streamer.present(slotSource(slot));
  await r.streamer.drained();
  t.equal(firstDifference(r.sim.glassView().rgb, expectedOf(slot), W), null, 'the first frame is on the glass');

  // The client draws a small red square and presents; just after the daemon's
  // diff it starts on its next picture: the whole slot green.
  fillRect(slot, 100, 100, 16, 16, 0xf800);
  slot.arm(0, (bytes) => fillRect(bytes, 0, 0, W, H, 0x07e0));
  r.streamer.present(slotSource(slot));
  await r.streamer.drained();
  t.equal(slot.fired, 1, 'the client wrote after the diff, while the daemon was still reading');
  t.equal(firstDifference(r.sim.glassView().rgb, expectedOf(r.streamer.shadow), W), null, 'the panel equals the shadow');

  // Presenting the picture that is in the slot now repairs the panel.
  r.streamer.present(slotSource(slot));
  await r.streamer.drained();
  t.equal(firstDifference(r.sim.glassView().rgb, expectedOf(slot), W), null, 're-presenting the same picture repairs the panel');
  t.equal(firstDifference(r.streamer.shadow, slot, W), null, 'and the shadow holds it');
});

t.test('property: random frames, random writes during the prepare: the glass and the DBI trace follow the shadow', async (t) => {
  const dir = tempDir(t);
  const rand = prng(712);
  for (let run = 0; run < 8; run++) {
    const trace = join(dir, `hostile${run}.dbi`);
    const r = await rig(t, trace);
    const slot = new HostileBytes(new ArrayBuffer(STRIDE * H));
    let fired = 0;
    for (let step = 0; step < 12; step++) {
      for (let e = randInt(rand, 1, 5); e > 0; e--) {
        const w = randInt(rand, 1, W);
        const h = randInt(rand, 1, 60);
        fillRect(slot, randInt(rand, 0, W - w + 1), randInt(rand, 0, H - h + 1), w, h, randInt(rand, 0, 0x10000));
      }
      // The hostile write: before the diff (from reading()), or at a random
      // point after it; a block of rows or scattered pixels.
      const before = rand() < 0.25;
      const write = rand() < 0.5
        ? ((y: number, h: number, c: number) => (b: Uint8Array) => fillRect(b, 0, y, W, h, c))(randInt(rand, 0, H - 40), randInt(rand, 1, 40), randInt(rand, 0, 0x10000))
        : ((seed: number) => (b: Uint8Array) => {
            const pr = prng(seed);
            for (let k = 0; k < 200; k++) fillRect(b, randInt(pr, 0, W), randInt(pr, 0, H), 1, 1, randInt(pr, 0, 0x10000));
          })(randInt(rand, 0, 1 << 30));
      const atCall = randInt(rand, 0, 40);
      const source = slotSource(slot, () => {
        if (before) write(slot);
        else slot.arm(atCall, write);
      });
      r.streamer.present(source);
      await r.streamer.drained();
      fired = slot.fired;
      t.equal(source.released, 1, 'the slot is given back once');
      const diff = firstDifference(r.sim.glassView().rgb, expectedOf(r.streamer.shadow), W);
      if (diff !== null) t.fail(`run ${run} step ${step}: the panel differs from the shadow: ${diff}`);
    }
    t.ok(fired > 0, `run ${run}: writes landed during the prepare (${fired})`);
    // The client stops writing and presents its picture: the panel catches up.
    r.streamer.present(slotSource(slot));
    await r.streamer.drained();
    const expected = expectedOf(slot);
    t.equal(firstDifference(r.sim.glassView().rgb, expected, W), null, `run ${run}: re-presenting repairs the glass`);
    await r.bus.close(); // flushes the trace
    const replay = new SimPanel(ili9341Module);
    replayDbiTrace(parseDbiTrace(readFileSync(trace)), replay);
    t.equal(firstDifference(replay.glassView().rgb, expected, W), null, `run ${run}: the DBI trace decodes to it too`);
  }
});

t.test('a client writing its slot from another thread all the while: no hang, and re-presenting repairs the panel', async (t) => {
  // Real concurrency, as from another process: a worker flips pixels of the
  // slot (in a SharedArrayBuffer) as fast as it can while the daemon diffs,
  // copies and packs it. Rows the diff saw change may be equal again a moment
  // later; the diff must stay within the row and the windows stay valid.
  const r = await rig(t);
  const sab = new SharedArrayBuffer(STRIDE * H + 4);
  const slot = new Uint8Array(sab, 0, STRIDE * H);
  const stop = new Int32Array(sab, STRIDE * H, 1);
  const worker = new Worker(
    `const { workerData: { sab, bytes } } = require('node:worker_threads');
     const px = new Uint16Array(sab, 0, bytes / 2);
     const stop = new Int32Array(sab, bytes, 1);
     // The last row, a middle row, the first pixel and the last: where a
     // scan that leaves its row runs furthest.
     const at = [319 * 240 + 3, 319 * 240 + 239, 160 * 240 + 120, 0, 320 * 240 - 1];
     while (Atomics.load(stop, 0) === 0) for (const i of at) px[i] ^= 0x5a5a;`,
    { eval: true, workerData: { sab, bytes: STRIDE * H } },
  );
  const exited = new Promise((resolve) => worker.once('exit', resolve));
  t.teardown(() => {
    Atomics.store(stop, 0, 1);
    return exited;
  });
  await new Promise((resolve) => worker.once('online', resolve));
  for (let i = 0; i < 300; i++) {
    r.streamer.present(slotSource(slot));
    await r.streamer.drained();
  }
  const diff = firstDifference(r.sim.glassView().rgb, expectedOf(r.streamer.shadow), W);
  t.equal(diff, null, 'while the client writes, the panel equals the shadow');
  Atomics.store(stop, 0, 1);
  await exited;
  r.streamer.present(slotSource(slot));
  await r.streamer.drained();
  t.equal(firstDifference(r.sim.glassView().rgb, expectedOf(slot), W), null, 'once it stops, re-presenting repairs the panel');
});
