import t from 'tap';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cacheLineSize, lineRange } from '../../../daemon/memory/cache-line.js';
import { DmabufBuffer } from '../../../daemon/memory/dmabuf-buffer.js';
import { openBuffer } from '../../../daemon/memory/open-buffer.js';
import { ShmBuffer } from '../../../daemon/memory/shm-buffer.js';
import { UDmaBufBuffer } from '../../../daemon/memory/udmabuf-buffer.js';
import { close, memfdCreate, ftruncate } from '../../../daemon/sys/libc.js';
import { tempDir } from '../../helpers/daemon-process.js';
import { fakeUDmaBuf } from '../../helpers/fake-udmabuf.js';

function shmFiles(): string[] {
  return existsSync('/dev/shm') ? readdirSync('/dev/shm').filter((f) => f.startsWith('spifb')).sort() : [];
}

t.test('cache line size from sysfs, 64 when absent; ranges widen to whole lines', async (t) => {
  const dir = tempDir(t);
  const { root } = fakeUDmaBuf(dir, 8192);
  t.equal(cacheLineSize(root), 64);
  t.equal(cacheLineSize(join(dir, 'nothing')), 64);
  t.same(lineRange(4096, 100, 64), { offset: 4096, length: 128 });
  t.same(lineRange(4100, 60, 64), { offset: 4096, length: 64 });
  t.same(lineRange(4160, 64, 32), { offset: 4160, length: 64 });
});

t.test('shm: a memfd of the daemon\'s own, no file anywhere; bad sync ranges are refused', async (t) => {
  const before = shmFiles();
  const buf = new ShmBuffer(16384, 64, 'test');
  t.teardown(() => buf.close());
  t.equal(buf.bytes.length, 16384);
  buf.bytes[5000] = 0x5a;
  t.equal(buf.bytes[5000], 0x5a);
  t.same(shmFiles(), before, 'nothing new in /dev/shm');
  buf.syncForDevice(4096, 4096);
  t.throws(() => buf.syncForDevice(4100, 64), /cache lines/);
  t.throws(() => buf.syncForCpu(16384 - 64, 128), /outside/);
  buf.close();
  t.throws(() => buf.syncForDevice(0, 64), /closed/);
});

t.test('u-dma-buf: attributes from sysfs; sync words go to the sysfs files when the ioctl is missing', async (t) => {
  const dir = tempDir(t);
  const fake = fakeUDmaBuf(dir, 1 << 20);
  const buf = new UDmaBufBuffer(fake.device, 64, fake.root);
  t.teardown(() => buf.close());
  t.match(buf.info, { size: 1 << 20, physAddr: 0x3e000000n, dmaCoherent: false, syncMode: 1 });
  buf.bytes[0] = 7;
  t.equal(readFileSync(fake.device)[0], 7, 'mapped MAP_SHARED');
  buf.syncForDevice(0x20000, 0x40);
  t.equal(readFileSync(join(fake.attr, 'sync_for_device'), 'utf8'), '0x2000000000045', 'offset<<32 | size | DMA_TO_DEVICE<<2 | 1');
  buf.syncForCpu(0x1000, 0x4b000);
  t.equal(readFileSync(join(fake.attr, 'sync_for_cpu'), 'utf8'), '0x10000004b005');
  t.throws(() => buf.syncForDevice(0x20010, 0x40), /cache lines/, 'unaligned offset refused before reaching the driver');
  t.throws(() => buf.syncForDevice((1 << 20) - 64, 128), /outside/);
});

t.test('u-dma-buf: a missing device or a too-small buffer is a clear error', async (t) => {
  const dir = tempDir(t);
  const fake = fakeUDmaBuf(dir, 4096);
  t.throws(() => new UDmaBufBuffer(join(dir, 'udmabuf9'), 64, fake.root), { code: 'ENO_DEVICE', message: /udmabuf9/ });
  process.env.SPIFB_SYSFS_ROOT = fake.root;
  t.teardown(() => delete process.env.SPIFB_SYSFS_ROOT);
  t.throws(() => openBuffer(`udmabuf:${fake.device}`, 1 << 20, 'x'), { code: 'EBAD_CONFIG', message: /holds 4096 bytes; the ring needs 1048576/ });
});

t.test('dmabuf: no /dev/udmabuf gives ENO_DEVICE; DMA_BUF_IOCTL_SYNC on a non-dma-buf names the backend and device', async (t) => {
  const dir = tempDir(t);
  t.throws(() => DmabufBuffer.create(join(dir, 'udmabuf'), 8192, 64), { code: 'ENO_DEVICE', message: /dmabuf: cannot open .*udmabuf.*ENOENT/ });
  const fd = memfdCreate('not-a-dmabuf', 0);
  ftruncate(fd, 8192);
  const buf = DmabufBuffer.fromFd('/dev/udmabuf', fd, 8192, 64);
  t.throws(() => buf.syncForDevice(0, 4096), { code: 'EBUS', message: /dmabuf \/dev\/udmabuf: sync for device failed: .*ENOTTY/ });
  buf.close();
  t.throws(() => close(fd), { code: 'EBADF' }, 'close released the fd');
});

t.test('openBuffer rejects unknown specs', async (t) => {
  t.throws(() => openBuffer('floppy', 4096, 'x'), { code: 'EBAD_CONFIG' });
  t.throws(() => openBuffer('udmabuf', 4096, 'x'), { code: 'EBAD_CONFIG', message: /needs a device/ });
});

// Issue 11 §4. The flag values are include/uapi/linux/dma-buf.h's, written
// here as numbers: DMA_BUF_SYNC_READ (1 << 0), _WRITE (2 << 0), _START (0 << 2),
// _END (1 << 2); READ|WRITE would be DMA_BIDIRECTIONAL in dma_buf_ioctl.
const START_WRITE = 0b010;
const END_WRITE = 0b110;
t.test('dmabuf: START before any CPU write, END before the device reads, write-only', async (t) => {
  const fd = memfdCreate('fake-dmabuf', 0);
  ftruncate(fd, 8192);
  const sent: number[] = [];
  const buf = DmabufBuffer.fromFd('/dev/udmabuf', fd, 8192, 64, (_fd, flags) => sent.push(flags));
  buf.syncForCpu(0, 4096); // the ring hands the tx half to the CPU before packing
  t.same(sent, [START_WRITE], 'the first call opens CPU access (no END without a START)');
  buf.syncForDevice(0, 4096);
  t.same(sent, [START_WRITE, END_WRITE, START_WRITE], 'END hands the lines over; START reopens at once for the other half and the slots');
  buf.syncForCpu(0, 4096);
  t.same(sent.length, 3, 'the CPU already holds access: nothing to send');
  buf.syncForDevice(4096, 4096);
  t.same(sent.slice(3), [END_WRITE, START_WRITE]);
  t.ok(sent.every((f) => (f & 0b11) === 0b10), 'never READ: no whole-buffer invalidate on arm64');
  buf.close();
  t.same(sent.slice(-1), [END_WRITE], 'close balances the last START');

  const fresh: number[] = [];
  const again = DmabufBuffer.fromFd('/dev/udmabuf', memfdCreate('fake-dmabuf-2', 0), 8192, 64, (_fd, flags) => fresh.push(flags));
  again.syncForDevice(0, 4096);
  t.same(fresh, [START_WRITE, END_WRITE, START_WRITE], 'a device hand-over as the very first call still starts with START');
  again.close();
});
