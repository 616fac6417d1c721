import t from 'tap';
import { lstatSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect } from '../../../client/index.js';
import { startDaemon, tempDir } from '../../helpers/daemon-process.js';
import { startRefused } from '../bus/refused-start.js';
import { mkfifoSync } from '../sim/mkfifo.js';

/** A config file naming `lastFrameFile` (the key has no flag). */
function configWith(dir: string, lastFrameFile: string): string[] {
  const file = join(dir, 'config.json');
  writeFileSync(file, JSON.stringify({ lastFrameFile }));
  return ['--config', file];
}

t.test('a symlink at lastFrameFile: refused at start, the target untouched', async (t) => {
  const dir = tempDir(t);
  const target = join(dir, 'precious');
  writeFileSync(target, 'keep me');
  symlinkSync(target, join(dir, 'last-frame'));
  const { exit, output } = await startRefused(dir, configWith(dir, join(dir, 'last-frame')));
  t.equal(exit, 1, 'the daemon does not start');
  t.match(output, /"code":"EBAD_CONFIG".*lastFrameFile: .*last-frame is a symbolic link/, 'and says why, naming the key');
  t.equal(readFileSync(target, 'utf8'), 'keep me');
});

t.test('a FIFO at lastFrameFile: refused at start, no hang reading it', async (t) => {
  const dir = tempDir(t);
  mkfifoSync(join(dir, 'last-frame'));
  const { exit, output } = await startRefused(dir, configWith(dir, join(dir, 'last-frame')));
  t.equal(exit, 1, 'exits (rather than waiting for a writer)');
  t.match(output, /"code":"EBAD_CONFIG".*lastFrameFile: .*FIFO/);
});

t.test('a symlink planted at the old temporary name is not written through', async (t) => {
  const dir = tempDir(t);
  const file = join(dir, 'last-frame');
  const target = join(dir, 'precious');
  writeFileSync(target, 'keep me');
  symlinkSync(target, `${file}.tmp`);
  const daemon = await startDaemon(dir, configWith(dir, file));
  t.teardown(() => daemon.stop());
  const fb = await connect({ socket: daemon.socket });
  await fb.fill(0x00ff00);
  await fb.waitFrame(await fb.present());
  fb.close();
  t.equal(await daemon.stop(), 0, 'clean stop (which saves the frame)');
  t.equal(readFileSync(target, 'utf8'), 'keep me', 'the target is untouched');
  t.ok(lstatSync(file).isFile(), 'the last frame is a regular file of its own');
  t.equal(readFileSync(file).subarray(0, 8).toString('latin1'), 'SPIFBLF1');
  t.same(readdirSync(dir).filter((n) => n.endsWith('.tmp')), ['last-frame.tmp'], 'no temporary left behind but the planted link');
});
