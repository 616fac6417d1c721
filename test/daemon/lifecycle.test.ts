import t from 'tap';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DAEMON_JS, runCli, startDaemon, tempDir } from '../helpers/daemon-process.js';

function runDaemon(args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((res) => {
    const child = spawn(process.execPath, [DAEMON_JS, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('exit', (code) => res({ code, out }));
  });
}

t.test('SIGTERM and SIGINT stop cleanly and remove the socket', async (t) => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    const dir = tempDir(t);
    const daemon = await startDaemon(dir);
    t.ok(existsSync(daemon.socket), 'socket exists while running');
    const exited = new Promise<number | null>((res) => daemon.child.once('exit', (c) => res(c)));
    daemon.child.kill(signal);
    t.equal(await exited, 0, `${signal}: exit 0`);
    t.notOk(existsSync(daemon.socket), `${signal}: socket removed`);
  }
});

t.test('a stale socket left by a crash is replaced', async (t) => {
  const dir = tempDir(t);
  const first = await startDaemon(dir);
  first.child.kill('SIGKILL');
  await first.stop();
  t.ok(existsSync(first.socket), 'SIGKILL leaves the socket file behind');
  const second = await startDaemon(dir);
  t.teardown(() => second.stop());
  const info = await runCli(['--socket', second.socket, 'info', '--json']);
  t.equal(info.code, 0, 'the new daemon serves on the old path');
});

t.test('a live daemon socket is not stolen', async (t) => {
  const dir = tempDir(t);
  const live = await startDaemon(dir);
  t.teardown(() => live.stop());
  const second = await runDaemon(['--socket', live.socket]);
  t.equal(second.code, 1);
  t.match(second.out, /ESOCKET_IN_USE/);
  t.equal((await runCli(['--socket', live.socket, 'info'])).code, 0, 'the first one still serves');
});

t.test('a path that is not a socket is left alone', async (t) => {
  const dir = tempDir(t);
  const path = join(dir, 'precious.txt');
  writeFileSync(path, 'keep me');
  const run = await runDaemon(['--socket', path]);
  t.equal(run.code, 1);
  t.match(run.out, /not a socket/);
  t.equal(readFileSync(path, 'utf8'), 'keep me');
});

t.test('bad flags exit 2 with a message naming the flag', async (t) => {
  const cases: Array<[string[], RegExp]> = [
    [['--rotation', '45'], /--rotation/],
    [['--panel', 'nope'], /--panel must be one of ili9341/],
    [['--bus', 'usb'], /--bus/],
    [['--fps', 'fast'], /--fps/],
    [['--frobnicate'], /frobnicate/],
    [['--bus', 'spidev', '--trace', 'x'], /--trace needs --bus sim/],
  ];
  for (const [args, pattern] of cases) {
    const run = await runDaemon(args);
    t.equal(run.code, 2, args.join(' '));
    t.match(run.out, pattern);
  }
  const help = await runDaemon(['--help']);
  t.equal(help.code, 0);
  t.match(help.out, /Usage: spifbd/);
});

t.test('--bus spidev fails clearly where it is not available', async (t) => {
  const dir = tempDir(t);
  // This machine has no SPI: the spidev node is missing (issue 6 made --bus spidev real).
  const run = await runDaemon(['--bus', 'spidev', '--spi', '/dev/spidev9.9', '--socket', join(dir, 's.sock')]);
  t.equal(run.code, 1);
  t.match(run.out, /ENO_DEVICE.*spidev9\.9 does not exist/);
  t.notOk(existsSync(join(dir, 's.sock')), 'no socket left behind');
});
