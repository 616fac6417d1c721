import t from 'tap';
import { join } from 'node:path';
import { runCli, tempDir } from '../helpers/daemon-process.js';

t.test('usage errors exit 2', async (t) => {
  for (const args of [['teleport'], ['--bogus', 'info'], ['fill'], ['fill', 'notacolour'], ['fill', '#fff', '--rect', '1,2,3'], ['push']]) {
    const r = await runCli(['--socket', '/nonexistent/spifb.sock', ...args]);
    t.equal(r.code, 2, args.join(' '));
    t.match(r.stderr, /spifb|Usage/);
  }
});

t.test('--help everywhere exits 0', async (t) => {
  const top = await runCli(['--help']);
  t.equal(top.code, 0);
  t.match(top.stdout, /Commands:[\s\S]*push/);
  for (const cmd of ['info', 'fill', 'push', 'snapshot']) {
    const r = await runCli([cmd, '--help']);
    t.equal(r.code, 0, cmd);
    t.match(r.stdout, new RegExp(`Usage: spifb ${cmd}`));
  }
});

t.test('no daemon: exit 1 with ENO_DAEMON in one line', async (t) => {
  const dir = tempDir(t);
  const r = await runCli(['--socket', join(dir, 'none.sock'), 'info']);
  t.equal(r.code, 1);
  t.match(r.stderr, /^spifb info: ENO_DAEMON: no spifbd listening on .*none\.sock/);
  t.equal(r.stderr.trim().split('\n').length, 1);
});

t.test('SPIFB_SOCKET is the default socket', async (t) => {
  const dir = tempDir(t);
  const r = await runCli(['info'], { ...process.env, SPIFB_SOCKET: join(dir, 'env.sock') });
  t.match(r.stderr, /env\.sock/);
});
