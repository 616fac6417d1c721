import t from 'tap';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { connect } from '../../client/index.js';
import { ROOT, startDaemon, tempDir } from '../helpers/daemon-process.js';

const HAS_FFMPEG = ['/usr/bin/ffmpeg', '/usr/local/bin/ffmpeg'].some((p) => existsSync(p));

// Each example runs briefly (--frames) as its own process, loaded with tsx
// exactly as the README says, against a real daemon; each must exit 0 and
// leave something on the (previously black) glass.
const EXAMPLES: [string, string[], string | false][] = [
  ['clock.ts', ['--frames', '2', '--interval', '20'], false],
  ['slideshow.ts', ['--frames', '2', '--interval', '10'], false],
  ['system-monitor.ts', ['--frames', '2', '--interval', '10'], false],
  ['video-player.ts', ['testsrc', '--frames', '5'], HAS_FFMPEG ? false : 'ffmpeg is not installed (the video player decodes with it)'],
];

t.test('examples draw on the simulated panel', async (t) => {
  const dir = tempDir(t);
  const daemon = await startDaemon(dir);
  t.teardown(() => daemon.stop());
  const display = await connect({ socket: daemon.socket });
  t.teardown(() => display.close());

  for (const [file, args, skip] of EXAMPLES) {
    t.test(file, { skip }, async (t) => {
      await display.fill(0);
      await display.waitFrame(await display.present());
      const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'examples', file), ...args], {
        cwd: ROOT, env: { ...process.env, SPIFB_SOCKET: daemon.socket }, stdio: ['ignore', 'pipe', 'pipe'],
      });
      let err = '';
      child.stderr.on('data', (d) => (err += d));
      const code = await new Promise((r) => child.on('close', r));
      t.equal(code, 0, `${file} exit ${err}`);
      const shot = await display.snapshot();
      let lit = 0;
      for (let i = 0; i < shot.pixels.length; i += 3) if (shot.pixels[i] | shot.pixels[i + 1] | shot.pixels[i + 2]) lit++;
      t.ok(lit > (240 * 320) / 10, `${file} drew on ${lit} of ${240 * 320} pixels`);
    });
  }
});
