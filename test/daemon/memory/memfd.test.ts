import t from 'tap';
import { CLIENT_SEALS, createMemfd, memfdSeals, sealMemfd } from '../../../daemon/memory/memfd.js';
import { ShmBuffer } from '../../../daemon/memory/shm-buffer.js';
import { Ring } from '../../../daemon/ring/ring.js';
import { F_SEAL_FUTURE_WRITE, ftruncate, SysError } from '../../../daemon/sys/libc.js';

const full = (errno: string) => (): void => {
  throw new SysError('fallocate', 28, errno);
};

t.test('a memfd is committed at creation; sealed, it cannot be resized', async (t) => {
  const m = createMemfd('spifb-test', 8192);
  t.teardown(() => m.close());
  t.equal(m.mapping.bytes.length, 8192);
  m.mapping.bytes[8191] = 1;
  t.equal(memfdSeals(m.fd), 0, 'MFD_ALLOW_SEALING: no seals yet');
  sealMemfd(m.fd, F_SEAL_FUTURE_WRITE);
  t.equal(memfdSeals(m.fd), CLIENT_SEALS | F_SEAL_FUTURE_WRITE);
  t.throws(() => ftruncate(m.fd, 0), { code: 'EPERM' }, 'F_SEAL_SHRINK');
  t.throws(() => ftruncate(m.fd, 16384), { code: 'EPERM' }, 'F_SEAL_GROW');
  t.throws(() => sealMemfd(m.fd), { code: 'EPERM' }, 'F_SEAL_SEAL: no more seals');
  m.mapping.bytes[0] = 2; // the daemon's own mapping, made before F_SEAL_FUTURE_WRITE, still writes
  t.equal(m.mapping.bytes[0], 2);
});

t.test('a full tmpfs or memory cgroup fails at creation with a clear coded error', async (t) => {
  for (const errno of ['ENOSPC', 'ENOMEM']) {
    t.throws(() => createMemfd('spifb-test', 8192, { fallocate: full(errno) }),
      { code: 'ENO_DEVICE', message: new RegExp(`cannot commit 8192 bytes of shared memory for spifb-test \\(${errno}\\)`) });
  }
  t.throws(() => new ShmBuffer(8192, 64, 'full', { fallocate: full('ENOSPC') }), { code: 'ENO_DEVICE', message: /spifb-full-tx/ });
  t.throws(() => Ring.open({ buffer: 'shm', width: 240, height: 320, stride: 480, wireBytesPerPixel: 2, slots: 2, name: 'full',
    memfd: { fallocate: full('ENOSPC') } }), { code: 'ENO_DEVICE', message: /spifb-full-header \(ENOSPC\)/ }, 'Ring.open: the start-up error');
});
