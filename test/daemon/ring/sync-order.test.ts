import t from 'tap';
import { pino } from 'pino';
import type { Bus } from '../../../daemon/bus/bus.js';
import { SimBus } from '../../../daemon/bus/sim-bus.js';
import type { DmaBuffer } from '../../../daemon/memory/dma-buffer.js';
import { ShmBuffer } from '../../../daemon/memory/shm-buffer.js';
import { UDmaBufBuffer } from '../../../daemon/memory/udmabuf-buffer.js';
import { DcsPanel } from '../../../daemon/panel/dcs-panel.js';
import { ili9341 } from '../../../daemon/panel/presets/ili9341.js';
import { Ring } from '../../../daemon/ring/ring.js';
import { ili9341Module } from '../../../daemon/sim/module-model.js';
import { SimPanel } from '../../../daemon/sim/sim-panel.js';
import { Streamer } from '../../../daemon/stream/streamer.js';
import { Surface } from '../../../daemon/surface/surface.js';
import { tempDir } from '../../helpers/daemon-process.js';
import { fakeUDmaBuf } from '../../helpers/fake-udmabuf.js';

type Entry = { what: 'device' | 'cpu'; offset: number; length: number } | { what: 'pixels'; bytes: Uint8Array };

/** Wrap a buffer's sync calls and a bus's pixel calls into one ordered log. */
function logged(dma: DmaBuffer, log: Entry[]): DmaBuffer {
  const device = dma.syncForDevice.bind(dma);
  const cpu = dma.syncForCpu.bind(dma);
  dma.syncForDevice = (offset, length) => {
    log.push({ what: 'device', offset, length });
    device(offset, length);
  };
  dma.syncForCpu = (offset, length) => {
    log.push({ what: 'cpu', offset, length });
    cpu(offset, length);
  };
  return dma;
}

const backends: Record<string, (dir: string, size: number) => DmaBuffer> = {
  shm: (_dir, size) => new ShmBuffer(size, 64, 'sync'),
  udmabuf: (dir, size) => {
    const fake = fakeUDmaBuf(dir, size);
    return new UDmaBufBuffer(fake.device, 64, fake.root);
  },
};

for (const [name, make] of Object.entries(backends)) {
  t.test(`${name}: sync_for_device covers exactly the frame's tx lines before the bus sees them, sync_for_cpu after`, async (t) => {
    const dir = tempDir(t);
    const log: Entry[] = [];
    const sim = new SimPanel(ili9341Module);
    const simBus = new SimBus(sim);
    const bus: Bus = { kind: 'logged', hasTe: false, reset: () => simBus.reset(),
      backlight: (l) => simBus.backlight(l), close: () => simBus.close(),
      run: (program) => {
        for (const s of program.segments) if (s.op === 'data' && s.clock === 'pixels') log.push({ what: 'pixels', bytes: s.bytes });
        return simBus.run(program);
      } };
    const panel = new DcsPanel(ili9341, 0, bus, async () => {});
    await panel.init();
    log.length = 0;
    const ring = Ring.open({
      buffer: name, width: 240, height: 320, stride: 480, wireBytesPerPixel: 2, slots: 3, name: 'sync',
      open: (_spec, size) => logged(make(dir, size), log),
    });
    t.teardown(() => ring.close());
    const surface = Surface.allocate(240, 320);
    const streamer = new Streamer({ surface, panel, logger: pino({ level: 'silent' }), txArea: ring.txArea() });
    // Teardown runs last-registered first: the pump stops before the ring is unmapped.
    t.teardown(() => streamer.stop());
    const { txOffsets, txHalfSize } = ring.layout;
    for (const [i, rect] of [{ x: 3, y: 5, w: 7, h: 3 }, { x: 0, y: 0, w: 240, h: 320 }, { x: 100, y: 100, w: 1, h: 1 }].entries()) {
      log.length = 0;
      surface.fill(rect, 0x123456 * (i + 1));
      streamer.present();
      await streamer.drained();
      t.equal(log[0].what, 'device', `frame ${i}: sync for device comes first`);
      t.equal(log.at(-1)!.what, 'cpu', `frame ${i}: sync for cpu comes last`);
      const dev = log[0] as { offset: number; length: number };
      const half = txOffsets.find((o) => dev.offset >= o && dev.offset < o + txHalfSize)!;
      t.equal(dev.offset, half, 'starts at the tx half (page-aligned)');
      t.equal(dev.length % 64, 0, 'whole cache lines');
      const bytes = rect.w * rect.h * 2;
      t.ok(dev.length >= bytes && dev.length < bytes + 64, `covers the ${bytes} wire bytes and no further line`);
      t.ok(dev.offset + dev.length <= half + txHalfSize, 'never reaches into the other half');
      t.same(log.at(-1), { what: 'cpu', offset: dev.offset, length: dev.length }, 'the same range comes back');
      const pixels = log.filter((e) => e.what === 'pixels') as Array<{ bytes: Uint8Array }>;
      t.equal(pixels.length, 1);
      const sent = pixels[0].bytes;
      t.ok(sent.byteOffset >= ring.dma.bytes.byteOffset + half && sent.byteOffset + sent.length <= ring.dma.bytes.byteOffset + dev.offset + dev.length,
        'the bytes handed to the bus are inside the synced range of the shared buffer');
    }
  });
}
