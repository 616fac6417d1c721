import t from 'tap';
import { join } from 'node:path';
import { cli } from './cli-in-process.js';
import { runCli, tempDir } from '../helpers/daemon-process.js';

const COMMANDS = ['info', 'stats', 'snapshot', 'push', 'mirror', 'fill', 'clear', 'text', 'backlight', 'blank', 'unblank', 'rotate'];

t.test('usage errors exit 2 with the command usage', async (t) => {
  for (const args of [
    ['teleport'], ['--bogus', 'info'], ['fill'], ['fill', 'notacolour'], ['fill', '#fff', '--rect', '1,2,3'], ['push'],
    ['push', 'a.png', '--fit', 'squash'], ['push', 'a.png', '--rotate', '45'], ['push', 'a.png', '--background', 'nope'],
    ['push', 'a.png', '--interval', '-1'], ['push', 'a.png', '--bogus'],
    ['push', '--raw', 'yuv420', '--size', '2x2', '-'], ['push', '--raw', 'rgb565', '-'], ['push', '--raw', 'rgb565', '--size', '0x2', '-'],
    ['push', '--raw', 'rgb565', '--size', '2x2', 'file.raw'], ['push', '--raw', 'rgb565', '--size', '2x2', '--fps', '0', '-'],
    ['mirror'], ['mirror', 'f', '--size', '2x2'], ['mirror', 'f', '--size', '2x2', '--format', 'yuv'], ['mirror', 'f', '--fps', 'fast'],
    ['backlight'], ['backlight', '101'], ['backlight', '5.5'], ['text'], ['text', 'hi', '--at', '1'], ['text', 'hi', '--size', 'big'],
    ['rotate', '45'], ['stats', '--interval', 'soon'], ['stats', '--count', '0'], ['clear', '--colour', 'nope'], ['blank', 'now'],
  ]) {
    const r = await cli(['--socket', '/nonexistent/spifb.sock', ...args]);
    t.equal(r.code, 2, args.join(' '));
    t.match(r.stderr, /^spifb/, `${args.join(' ')}: ${r.stderr.split('\n')[0]}`);
  }
});

t.test('--help for every command', async (t) => {
  const top = await cli(['--help']);
  t.equal(top.code, 0);
  for (const cmd of COMMANDS) t.match(top.stdout, new RegExp(`\\n  ${cmd} `), `${cmd} listed`);
  for (const cmd of COMMANDS) {
    const r = await cli([cmd, '--help']);
    t.equal(r.code, 0, cmd);
    t.match(r.stdout, new RegExp(`^Usage: spifb ${cmd}`));
  }
});

t.test('no daemon: exit 1 with ENO_DAEMON in one line', async (t) => {
  const dir = tempDir(t);
  for (const cmd of [['stats'], ['backlight', '50'], ['mirror', '/dev/null', '--size', '2x2', '--format', 'rgb565']]) {
    const r = await cli(['--socket', join(dir, 'none.sock'), ...cmd]);
    t.equal(r.code, 1, cmd[0]);
    t.match(r.stderr, new RegExp(`^spifb ${cmd[0]}: ENO_DAEMON: no spifbd listening on .*none\\.sock`));
    t.equal(r.stderr.split('\n').length, 2, 'one line');
  }
});

// The installed binary itself: exit codes and output as a shell sees them.
t.test('the spifb binary', async (t) => {
  const dir = tempDir(t);
  const help = await runCli(['push', '--help']);
  t.equal(help.code, 0);
  t.match(help.stdout, /^Usage: spifb push/);
  const usage = await runCli(['backlight', '101']);
  t.equal(usage.code, 2);
  const r = await runCli(['--socket', join(dir, 'none.sock'), 'info']);
  t.equal(r.code, 1);
  t.match(r.stderr, /^spifb info: ENO_DAEMON: no spifbd listening on .*none\.sock/);
  t.equal(r.stderr.trim().split('\n').length, 1);
  const env = await runCli(['info'], { ...process.env, SPIFB_SOCKET: join(dir, 'env.sock') });
  t.match(env.stderr, /env\.sock/, 'SPIFB_SOCKET is the default socket');
});
