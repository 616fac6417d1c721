import t from 'tap';
import { fstatSync } from 'node:fs';
import koffi from 'koffi';
import * as libc from '../../../daemon/sys/libc.js';

t.test('memfd → ftruncate → mmap gives shared, writable bytes', async (t) => {
  const fd = libc.memfdCreate('spifb-test', libc.MFD_ALLOW_SEALING);
  t.teardown(() => libc.close(fd));
  libc.ftruncate(fd, 8192);
  libc.fcntlInt(fd, libc.F_ADD_SEALS, libc.F_SEAL_SHRINK);
  const a = libc.mmapShared(fd, 8192);
  const b = libc.mmapShared(fd, 8192);
  a.bytes[100] = 42;
  t.equal(b.bytes[100], 42, 'two mappings of one memfd share pages');
  a.unmap();
  b.unmap();
  t.throws(() => libc.ftruncate(fd, 4096), { code: 'EPERM' }, 'F_SEAL_SHRINK forbids shrinking');
});

t.test('errors carry the errno name', async (t) => {
  t.throws(() => libc.open('/nonexistent/spifb', libc.O_RDWR), { name: 'SysError', code: 'ENOENT', message: /open \/nonexistent\/spifb: ENOENT/ });
  const fd = libc.memfdCreate('spifb-ioctl', 0);
  t.teardown(() => libc.close(fd));
  // DMA_BUF_IOCTL_SYNC (_IOW('b', 0, u64) = 0x40086200) on a memfd: not a dma-buf.
  t.throws(() => libc.ioctl(fd, 0x40086200, new Uint8Array(8)), { code: 'ENOTTY' });
});

// Issue 11 §1: on armhf an int64_t length passed to the 32-bit-off_t
// `ftruncate` left the memfd at 1 byte and the first write into the mapping
// was SIGBUS. The ARM lanes (scripts/arm-lane.sh) run this file on armhf and
// arm64 under qemu; before the fix it died there with SIGBUS.
t.test('a memfd grows to the asked size and every page of its mapping is writable', async (t) => {
  const size = 65536 * 3;
  const fd = libc.memfdCreate('spifb-lfs', 0);
  t.teardown(() => libc.close(fd));
  libc.ftruncate(fd, size);
  t.equal(fstatSync(fd).size, size, `fstat says ${size} bytes (${process.arch})`);
  const m = libc.mmapShared(fd, size, 0);
  for (let at = 0; at < size; at += 4096) m.bytes[at] = at >>> 12;
  m.bytes[size - 1] = 7;
  const tail = libc.mmapShared(fd, 65536, 131072);
  t.equal(tail.bytes[65535], 7, 'a mapping at a non-zero offset sees the same last byte');
  tail.unmap();
  m.unmap();
});

t.test('a failed mmap is recognised at this pointer width', async (t) => {
  // mmap of a length past the memfd's end maps fine; a bad descriptor does not.
  t.throws(() => libc.mmapShared(-1, 4096), { code: 'EBADF' }, 'MAP_FAILED, not a bogus pointer');
});

// The lane must be able to see the mistake this file guards against: declare
// ftruncate the old way and watch the size come out wrong on a 32-bit off_t
// ABI. On 64-bit targets the wrong declaration happens to be right.
const offT32 = process.arch === 'arm' || process.arch === 'ia32';
t.test('the old int64_t declaration of ftruncate is wrong on 32-bit ARM', { skip: offT32 ? false : `off_t is 64-bit on ${process.arch}: the slip cannot show here` }, async (t) => {
  const wrong = koffi.load(null).func('int ftruncate(int fd, int64_t len)') as (fd: number, len: number) => number;
  const fd = libc.memfdCreate('spifb-slip', 0);
  t.teardown(() => libc.close(fd));
  wrong(fd, 65536);
  t.not(fstatSync(fd).size, 65536, `the length was read from the wrong register (got ${fstatSync(fd).size})`);
});
