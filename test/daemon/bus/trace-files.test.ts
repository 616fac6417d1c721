import t from 'tap';
import { readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { connect } from '../../../client/index.js';
import { parseDaemonArgs } from '../../../daemon/boot/config-load.js';
import type { DaemonConfig } from '../../../daemon/boot/config-keys.js';
import { startDaemon } from '../../../daemon/boot/daemon.js';
import { tempDir } from '../../helpers/daemon-process.js';
import { mkfifoSync } from '../sim/mkfifo.js';
import { startRefused } from './refused-start.js';

t.test('spifbd --trace at a symlink: refused at start, the target untouched', async (t) => {
  const dir = tempDir(t);
  const target = join(dir, 'precious');
  writeFileSync(target, 'keep me');
  symlinkSync(target, join(dir, 'trace.dbi'));
  const { exit, output } = await startRefused(dir, ['--trace', join(dir, 'trace.dbi')]);
  t.equal(exit, 1, 'the daemon does not start');
  t.match(output, /"code":"EBAD_CONFIG".*trace: .*trace\.dbi is a symbolic link/, 'and says why, naming the key');
  t.equal(readFileSync(target, 'utf8'), 'keep me', 'the target is neither truncated nor written');
});

t.test('spifbd --trace at a FIFO: refused at start, no hang in open()', async (t) => {
  const dir = tempDir(t);
  mkfifoSync(join(dir, 'trace.dbi'));
  const { exit, output } = await startRefused(dir, ['--trace', join(dir, 'trace.dbi')]);
  t.equal(exit, 1, 'exits (rather than waiting for a reader)');
  t.match(output, /"code":"EBAD_CONFIG".*trace: .*FIFO/, 'and says why');
});

t.test('ENOSPC on every trace write: frames reach the panel, one log line, clean shutdown', async (t) => {
  const dir = tempDir(t);
  const config = parseDaemonArgs(['--socket', join(dir, 'fb.sock'), '--bus', 'sim', '--trace', '/dev/full'], {}) as DaemonConfig;
  const lines: Array<Record<string, unknown>> = [];
  const sink = new Writable({ write(c, _e, done) { for (const l of String(c).split('\n')) if (l) lines.push(JSON.parse(l)); done(); } });
  // /dev/full answers every write with ENOSPC; a device is accepted only with this test-only option.
  const daemon = await startDaemon(config, pino({ level: 'debug' }, sink), { env: {}, traceFile: { allowCharacterDevice: true } });
  let closed = false;
  t.teardown(() => (closed ? undefined : daemon.close()));
  const fb = await connect({ socket: daemon.socketPath });
  let frames = 0;
  fb.on('frame', () => void frames++);
  for (const color of [0xff0000, 0x00ff00, 0x0000ff, 0xffffff]) {
    await fb.fill(color);
    await fb.waitFrame(await fb.present(), 5000); // rejects with ETIMEOUT if the frame never goes out
    const shot = await fb.snapshot('glass');
    t.same([...shot.pixels.subarray(0, 3)], [color >> 16, (color >> 8) & 0xff, color & 0xff], 'and on the simulated glass');
  }
  t.equal(frames, 4, 'a frame event for each present');
  fb.close();
  t.equal(daemon.bus.faults.failures, 0, 'no bus failure counted');
  await daemon.close();
  closed = true;
  const traceLines = lines.filter((l) => /DBI trace/.test(String(l.msg)));
  t.equal(traceLines.length, 1, 'one log line about the trace');
  t.match(traceLines[0], { err: { code: 'ENOSPC' } });
});
