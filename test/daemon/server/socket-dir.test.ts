import t from 'tap';
import { chmodSync, existsSync } from 'node:fs';
import { startDaemon, tempDir } from '../../helpers/daemon-process.js';
import { RawClient } from '../../helpers/raw-client.js';

// Issue 12, finding 12 (daemon side): in a directory every user may write
// without the sticky bit, anyone can unlink our socket and bind their own in
// its place (inode(7), S_ISVTX). The daemon refuses such a directory and
// says why; /tmp's mode (1777) is fine.

t.test('a world-writable socket directory without the sticky bit is refused', async (t) => {
  const dir = tempDir(t);
  chmodSync(dir, 0o777);
  const err = await startDaemon(dir).then(async (d) => {
    await d.stop();
    return undefined;
  }, (e: Error) => e);
  t.ok(err, 'the daemon does not start');
  t.match(err?.message, /exited with 1 before ready/);
  t.match(err?.message, /writable by every user and has no sticky bit \(mode 777\)/, 'and says why');
  t.notOk(existsSync(`${dir}/fb.sock`), 'no socket was created');
});

t.test('with the sticky bit (as /tmp) it starts', async (t) => {
  const dir = tempDir(t);
  chmodSync(dir, 0o1777);
  const daemon = await startDaemon(dir);
  t.teardown(() => daemon.stop());
  const c = await RawClient.connect(daemon.socket);
  t.teardown(() => c.close());
  t.match(await c.call({ id: 1, op: 'hello', version: 1 }), { ok: true });
});
