import t from 'tap';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect, type FrameEvent } from '../../client/index.js';
import { CLI_JS, startDaemon, tempDir } from '../helpers/daemon-process.js';
import { convertPixels } from '../../protocol/pixel-format.js';

const FFMPEG = ['/usr/bin/ffmpeg', '/usr/local/bin/ffmpeg'].find((p) => existsSync(p));
const SOURCE = ['-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc=size=240x320:rate=30', '-t', '1', '-f', 'rawvideo', '-pix_fmt', 'rgb565le', '-'];
const FRAME_BYTES = 240 * 320 * 2;

t.test('ffmpeg | spifb push --raw: frames in = frames on the wire', { skip: FFMPEG ? false : 'ffmpeg is not installed (Debian: apt-get install ffmpeg; .ci/run installs it)' }, async (t) => {
  // What ffmpeg produces, decoded once on its own: the expected frames.
  const reference = spawnSync(FFMPEG!, SOURCE, { maxBuffer: 64 << 20 });
  t.equal(reference.status, 0, String(reference.stderr));
  const framesIn = reference.stdout.length / FRAME_BYTES;
  t.equal(framesIn, 30, '1 s of testsrc at 30 fps');

  const dir = tempDir(t);
  const daemon = await startDaemon(dir);
  t.teardown(() => daemon.stop());
  const display = await connect({ socket: daemon.socket });
  t.teardown(() => display.close());
  const wire: FrameEvent[] = [];
  display.on('frame', (f) => wire.push(f));
  const before = (await display.stats()).frames;

  // The real pipeline, as a user types it (bash for pipefail: either side failing fails it).
  const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;
  const line = `${[FFMPEG!, ...SOURCE].map(quote).join(' ')} | ${[process.execPath, CLI_JS, '--socket', daemon.socket, 'push', '--raw', 'rgb565', '--size', '240x320', '--json', '-'].map(quote).join(' ')}`;
  const pipeline = spawn('bash', ['-o', 'pipefail', '-c', line], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  pipeline.stdout.on('data', (d) => (out += d));
  pipeline.stderr.on('data', (d) => (err += d));
  const code = await new Promise((r) => pipeline.on('close', r));
  t.equal(code, 0, `pipeline exit ${err}`);
  const summary = JSON.parse(out);
  t.match(summary, { frames: framesIn, presented: framesIn, dropped: 0, onWire: framesIn, trailingBytes: 0 });

  await display.waitFrame(Math.max(...wire.map((f) => f.seq))); // every event read
  const after = (await display.stats()).frames;
  // testsrc changes every frame (its counter and moving bar): each one is a
  // frame of its own on the wire with bytes in it.
  t.equal(after - before, framesIn, 'the daemon counted one wire frame per input frame');
  t.equal(wire.filter((f) => f.bytes > 0).length, framesIn, 'frame events with pixels');

  const last = new Uint8Array(240 * 320 * 3);
  convertPixels(reference.stdout, (framesIn - 1) * FRAME_BYTES, 'rgb565', last, 0, 'rgb888', 240 * 320);
  const shot = await display.snapshot();
  // The simulated ILI9341 widens 565 through its 18-bit path, which can differ by one in the low bits; compare in 565.
  const to565 = (rgb: Uint8Array): Uint8Array => {
    const out = new Uint8Array(240 * 320 * 2);
    convertPixels(rgb, 0, 'rgb888', out, 0, 'rgb565', 240 * 320);
    return out;
  };
  t.equal(Buffer.compare(to565(shot.pixels), to565(last)), 0, 'the last ffmpeg frame is on the glass');
});
