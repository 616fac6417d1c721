import t from 'tap';
import { mkfifoSync } from './mkfifo.js';
import { existsSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DbiTraceWriter, parseDbiTrace } from '../../../daemon/sim/dbi-trace.js';
import { tempDir } from '../../helpers/daemon-process.js';

t.test('a symlink at the trace path is not followed; its target is untouched', async (t) => {
  const dir = tempDir(t);
  const target = join(dir, 'precious');
  writeFileSync(target, 'keep me');
  symlinkSync(target, join(dir, 'trace.dbi'));
  t.throws(() => new DbiTraceWriter(join(dir, 'trace.dbi')), { code: 'EBAD_CONFIG', message: /trace: .*symbolic link/ });
  t.equal(readFileSync(target, 'utf8'), 'keep me', 'target not truncated or written');
});

t.test('a FIFO at the trace path is refused without blocking in open()', async (t) => {
  const dir = tempDir(t);
  const fifo = join(dir, 'trace.dbi');
  mkfifoSync(fifo);
  // Without O_NONBLOCK this open would wait for a reader forever (the test would time out).
  t.throws(() => new DbiTraceWriter(fifo, { key: '--trace' }), { code: 'EBAD_CONFIG', message: /--trace: .*FIFO/ });
});

t.test('a directory or device at the trace path is refused; a regular file is truncated and written', async (t) => {
  const dir = tempDir(t);
  t.throws(() => new DbiTraceWriter(dir), { code: 'EBAD_CONFIG' });
  t.throws(() => new DbiTraceWriter('/dev/null'), { code: 'EBAD_CONFIG', message: /character device/ });
  const path = join(dir, 'old.dbi');
  writeFileSync(path, 'x'.repeat(100));
  const w = new DbiTraceWriter(path);
  w.command(Uint8Array.of(0x2c));
  w.close();
  t.same(parseDbiTrace(readFileSync(path)).map((r) => r.kind), ['command'], 'old content gone');
  t.ok(existsSync(path));
});

t.test('ENOSPC (/dev/full) ends the trace once; later records and close are no-ops', async (t) => {
  const w = new DbiTraceWriter('/dev/full', { allowCharacterDevice: true, bufferSize: 64 });
  t.throws(() => w.flush(), { code: 'ENOSPC' }, 'the first write error is thrown');
  t.equal((w.failure as NodeJS.ErrnoException).code, 'ENOSPC');
  t.doesNotThrow(() => {
    for (let i = 0; i < 100; i++) w.data(new Uint8Array(50));
    w.flush();
    w.close();
  }, 'then every call is a no-op');
});

t.test('an injected write error mid-record is thrown once and the fd is closed', async (t) => {
  const dir = tempDir(t);
  let calls = 0;
  const w = new DbiTraceWriter(join(dir, 'x.dbi'), {
    bufferSize: 64,
    write: () => {
      calls++;
      throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
    },
  });
  t.throws(() => w.data(new Uint8Array(200)), { code: 'ENOSPC' });
  w.data(new Uint8Array(200));
  w.close();
  t.equal(calls, 1, 'no write after the failure');
});
