import t from 'tap';
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { planChunks, readSpidevBufsiz, SPIDEV_DEFAULT_BUFSIZ, type ChunkLimits } from '../../../daemon/bus/spi-chunks.js';
import { tempDir } from '../../helpers/daemon-process.js';

const alignUp = (n: number, a: number): number => Math.ceil(n / a) * a;

/** What drivers/spi/spidev.c spidev_message() would refuse: rounded TX total over bufsiz, or > 511 transfers. */
function kernelRefuses(message: Array<[number, number]>, bufsiz: number, align: number): boolean {
  return message.length > 511 || message.reduce((s, [, len]) => s + alignUp(len, align), 0) > bufsiz;
}

t.test('every planned message passes spidev_message() and the bytes are covered once, in order', async (t) => {
  const cases: Array<[number, ChunkLimits]> = [
    [153_600, { bufsiz: 4096, maxTransfer: 65_535 }],
    [153_600, { bufsiz: 1 << 20, maxTransfer: 65_535 }],
    [153_600, { bufsiz: 1 << 20, maxTransfer: 65_535, granule: 27 }],
    [230_400, { bufsiz: 4000, maxTransfer: 65_535, granule: 6 }], // bufsiz not a multiple of the alignment
    [100_000, { bufsiz: 1 << 24, maxTransfer: 256, align: 8 }], // many small transfers: capped at 511 per message
    [5000, { bufsiz: 1024, maxTransfer: 300, granule: 100 }], // 200-byte transfers cost 256 each after rounding: 4 per message, not 5
    [1, { bufsiz: 4096, maxTransfer: 65_535 }],
    [0, { bufsiz: 4096, maxTransfer: 65_535 }],
  ];
  for (const [total, limits] of cases) {
    const plan = planChunks(total, limits);
    const align = limits.align ?? 128;
    t.notOk(plan.some((m) => kernelRefuses(m, limits.bufsiz, align)), `${total} bytes, ${JSON.stringify(limits)}: all accepted`);
    const flat = plan.flat();
    let next = 0;
    for (const [off, len] of flat) {
      if (off !== next) break;
      next = off + len;
    }
    t.equal(next, total, 'contiguous cover');
    const g = limits.granule ?? 1;
    t.ok(flat.slice(0, -1).every(([, len]) => len % g === 0 && len <= limits.maxTransfer), 'whole granules, within maxTransfer');
  }
});

t.test('4096 with 128-byte alignment: one 4092-byte (whole-pixel) transfer per message', async (t) => {
  const plan = planChunks(8192, { bufsiz: 4096, maxTransfer: 65_535, granule: 6 });
  t.same(plan.map((m) => m.map(([, len]) => len)), [[4092], [4092], [8]]);
});

t.test('a large bufsiz batches transfers into one message', async (t) => {
  const plan = planChunks(153_600, { bufsiz: 1 << 20, maxTransfer: 65_535, granule: 6 });
  t.equal(plan.length, 1);
  t.same(plan[0].map(([, len]) => len), [65_406, 65_406, 22_788]);
});

t.test('the message cap is 511 transfers (SPI_MSGSIZE must fit 14 bits)', async (t) => {
  const plan = planChunks(600 * 8, { bufsiz: 1 << 24, maxTransfer: 8, align: 8 });
  t.same(plan.map((m) => m.length), [511, 89]);
});

t.test('bufsiz below one aligned transfer is a clear error', async (t) => {
  t.throws(() => planChunks(10, { bufsiz: 64, maxTransfer: 65_535 }), /bufsiz 64 leaves no room/);
});

t.test('bufsiz from sysfs, the default when unreadable', async (t) => {
  const root = tempDir(t);
  t.same(readSpidevBufsiz(root), { bufsiz: SPIDEV_DEFAULT_BUFSIZ, source: `default (${root}/module/spidev/parameters/bufsiz unreadable)` });
  mkdirSync(join(root, 'module/spidev/parameters'), { recursive: true });
  writeFileSync(join(root, 'module/spidev/parameters/bufsiz'), '65536\n');
  t.equal(readSpidevBufsiz(root).bufsiz, 65_536);
  writeFileSync(join(root, 'module/spidev/parameters/bufsiz'), 'garbage\n');
  t.equal(readSpidevBufsiz(root).bufsiz, SPIDEV_DEFAULT_BUFSIZ);
});
