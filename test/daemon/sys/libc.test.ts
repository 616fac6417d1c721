import t from 'tap';
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
