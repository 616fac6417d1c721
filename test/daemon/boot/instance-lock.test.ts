import t from 'tap';
import { chownSync, existsSync, readFileSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { lockInstance } from '../../../daemon/boot/instance-lock.js';
import { startDaemon, tempDir } from '../../helpers/daemon-process.js';
import { RawClient } from '../../helpers/raw-client.js';

// Issue 12, finding 13: deleting the socket file let a second daemon start on
// the same path (on hardware both drive one panel), and the first deleted the
// second's socket on exit. The daemon now holds flock(2) on <socket>.lock for
// its life; the second one refuses to start.

const failure = (p: Promise<{ stop(): Promise<unknown> }>): Promise<Error | undefined> =>
  p.then(async (d) => {
    await d.stop();
    return undefined;
  }, (e: Error) => e);

t.test('a second daemon on the same path refuses while the first runs, even with the socket file deleted', async (t) => {
  const dir = tempDir(t);
  const first = await startDaemon(dir);
  t.teardown(() => first.stop());
  const client = await RawClient.connect(first.socket);
  t.teardown(() => client.close());
  t.match(await client.call({ id: 1, op: 'hello', version: 1 }), { ok: true });

  unlinkSync(first.socket);
  const err = await failure(startDaemon(dir));
  t.match(err?.message, /ESOCKET_IN_USE/, 'the second daemon exits with ESOCKET_IN_USE');
  t.match(err?.message, /another spifbd holds .*fb\.sock\.lock/, 'naming the lock');
  t.notOk(existsSync(first.socket), 'it did not bind the path');
  t.match(await client.call({ id: 2, op: 'info' }), { id: 2, ok: true }, 'the first daemon still serves its client');
  t.equal(first.child.exitCode, null, 'the first daemon is alive');

  t.equal(await first.stop(), 0);
  const next = await startDaemon(dir);
  t.teardown(() => next.stop());
  t.ok(existsSync(next.socket), 'once the first has exited, a new daemon binds the path');
  t.equal(await next.stop(), 0);
  t.notOk(existsSync(next.socket), 'and removes its own socket on exit');
});

t.test('a symlink or someone else\'s file at the lock path is refused, not followed', async (t) => {
  const dir = tempDir(t);
  const target = join(dir, 'victim');
  writeFileSync(target, 'keep');
  symlinkSync(target, join(dir, 'fb.sock.lock'));
  const err = await failure(startDaemon(dir));
  t.match(err?.message, /cannot open the lock file .*fb\.sock\.lock: it is a symbolic link/);
  t.equal(readFileSync(target, 'utf8'), 'keep', 'the target is untouched');
  if (process.getuid!() !== 0) return;
  // As root: a lock file another user planted (and could hold locked for ever) is refused too.
  unlinkSync(join(dir, 'fb.sock.lock'));
  writeFileSync(join(dir, 'fb.sock.lock'), '');
  chownSync(join(dir, 'fb.sock.lock'), 65534, 65534);
  const planted = await failure(startDaemon(dir));
  t.match(planted?.message, /lock file .*fb\.sock\.lock belongs to uid 65534, not to this daemon/);
});

t.test('lockInstance: held until released; a held lock is ESOCKET_IN_USE', async (t) => {
  const dir = tempDir(t);
  const sock = join(dir, 's.sock');
  const device = join(dir, 'spidev0.0'); // stands in for the panel's node
  writeFileSync(device, '');
  const a = lockInstance(sock, device);
  t.same(a.paths, [`${sock}.lock`, device]);
  t.throws(() => lockInstance(sock), { code: 'ESOCKET_IN_USE' }, 'same socket');
  t.throws(() => lockInstance(join(dir, 'other.sock'), device), { code: 'ESOCKET_IN_USE', message: /spidev0\.0/ }, 'same panel, other socket');
  t.ok(existsSync(join(dir, 'other.sock.lock')), 'the other socket\'s lock file was created…');
  t.doesNotThrow(() => lockInstance(join(dir, 'other.sock')).release(), '…and released when the panel lock failed');
  a.release();
  const b = lockInstance(sock, device);
  t.same(b.paths, [`${sock}.lock`, device], 'free again after release: both locks taken anew');
  b.release();
});
