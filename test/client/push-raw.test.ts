import t from 'tap';
import { connect, type FrameEvent } from '../../client/index.js';
import { convertPixels } from '../../protocol/pixel-format.js';
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI_JS, startDaemon, tempDir } from '../helpers/daemon-process.js';
import { firstDifference, quantise565, testImage } from '../helpers/test-image.js';
import { runCliWithInput, spawnCli } from './cli-child.js';

// Frames a pipe would carry: each 240x320 frame differs from the last (a
// shifted test image), so every one of them must reach the wire.
function frames565(n: number, width = 240, height = 320): { bytes: Uint8Array; rgb: Uint8Array[] } {
  const base = testImage(width, height);
  const size = width * height;
  const bytes = new Uint8Array(n * size * 2);
  const rgb: Uint8Array[] = [];
  for (let i = 0; i < n; i++) {
    const shifted = new Uint8Array(size * 3);
    shifted.set(base.subarray(i * 3 * 7), 0);
    shifted.set(base.subarray(0, i * 3 * 7), size * 3 - i * 3 * 7);
    rgb.push(shifted);
    convertPixels(shifted, 0, 'rgb888', bytes, i * size * 2, 'rgb565', size);
  }
  return { bytes, rgb };
}

t.test('push --raw from stdin', async (t) => {
  const dir = tempDir(t);
  const daemon = await startDaemon(dir);
  t.teardown(() => daemon.stop());
  const display = await connect({ socket: daemon.socket });
  t.teardown(() => display.close());
  const wire: FrameEvent[] = [];
  display.on('frame', (f) => wire.push(f));
  const sock = ['--socket', daemon.socket];

  for (const path of ['zero-copy', 'blit']) {
    t.test(`${path}: every frame read reaches the wire; the last one is shown`, async (t) => {
      const { bytes, rgb } = frames565(12);
      const before = wire.length;
      const extra = path === 'blit' ? ['--blit'] : [];
      // Half a frame of trailing garbage: ignored, reported.
      const input = new Uint8Array(bytes.length + 100);
      input.set(bytes);
      const r = await runCliWithInput([...sock, 'push', '--raw', 'rgb565', '--size', '240x320', ...extra, '--json', '-'], input);
      t.equal(r.code, 0, r.stderr);
      const s = JSON.parse(r.stdout);
      t.match(s, { frames: 12, presented: 12, dropped: 0, onWire: 12, trailingBytes: 100, path });
      t.notOk(r.stdout.includes('\r'), 'no progress line when stdout is a pipe');
      await display.waitFrame(display.info.frameSeq); // events in flight
      const ours = wire.slice(before).filter((f) => f.bytes > 0);
      t.ok(ours.length >= 12, `${ours.length} changed frames on the wire for 12 in`);
      const shot = await display.snapshot();
      t.equal(firstDifference(shot.pixels, quantise565(rgb[11]), 240), null, 'the last frame is on the glass');
    });
  }

  t.test('rgb888 smaller than the screen is centred; larger is scaled to fit', async (t) => {
    await display.fill(0);
    await display.waitFrame(await display.present());
    const small = new Uint8Array(40 * 20 * 3).fill(0xff);
    let r = await runCliWithInput([...sock, 'push', '--raw', 'rgb888', '--size', '40x20', '-'], small);
    t.equal(r.code, 0, r.stderr);
    let shot = await display.snapshot();
    const at = (x: number, y: number): number => shot.pixels[(y * 240 + x) * 3];
    t.equal(at(100, 150), 255, 'inside the centred 40x20 rect (100..139, 150..169)');
    t.equal(at(99, 150), 0);
    t.equal(at(140, 169), 0);
    t.equal(at(139, 169), 255);
    const big = new Uint8Array(480 * 640 * 4);
    for (let i = 0; i < 480 * 640; i++) big.set([0, 0, 255, 255], i * 4);
    r = await runCliWithInput([...sock, 'push', '--raw', 'rgba8888', '--size', '480x640', '-'], big);
    t.equal(r.code, 0, r.stderr);
    shot = await display.snapshot();
    t.same([...shot.pixels.subarray(0, 3)], [0, 0, 255], 'scaled to cover the 240x320 screen');
  });

  t.test('a progress line on a terminal', { skip: existsSync('/usr/bin/script') ? false : 'util-linux script(1) is missing: no pseudo-terminal to test with' }, async (t) => {
    const raw = join(tempDir(t), 'frames.raw');
    writeFileSync(raw, frames565(4).bytes);
    const q = (s: string): string => `'${s}'`;
    // script(1) runs the CLI on a pseudo-terminal, so stdout.isTTY is true.
    const cmd = `${q(process.execPath)} ${q(CLI_JS)} --socket ${q(daemon.socket)} push --raw rgb565 --size 240x320 - < ${q(raw)}`;
    const r = spawnSync('/usr/bin/script', ['-qfec', cmd, '/dev/null'], { encoding: 'utf8' });
    t.equal(r.status, 0, r.stderr);
    t.match(r.stdout, /\r\x1b\[Kframes 4 +[\d.]+ fps +dropped 0 +\(done\)/, 'redrawn in place, final counts');
  });

  t.test('--fps paces and reports; Ctrl-C ends the stream cleanly', async (t) => {
    const { bytes, rgb } = frames565(3);
    const c = spawnCli([...sock, 'push', '--raw', 'rgb565', '--size', '240x320', '--fps', '60', '--json', '-']);
    const frameBytes = 240 * 320 * 2;
    c.child.stdin!.write(bytes.subarray(0, 2 * frameBytes));
    // A frame of ours on the glass, the pipe still open: the CLI waits for more.
    const wanted = [quantise565(rgb[0]), quantise565(rgb[1])];
    const shown = new Promise<void>((resolve) => {
      const check = async (): Promise<void> => {
        const s = await display.snapshot();
        if (wanted.some((w) => firstDifference(s.pixels, w, 240) === null)) {
          display.off('frame', check);
          resolve();
        }
      };
      display.on('frame', check);
      void check();
    });
    await shown;
    c.child.kill('SIGINT');
    const r = await c.done;
    t.equal(r.code, 0, `exit 0 on Ctrl-C ${r.stderr}`);
    t.equal(r.stderr, '', 'no error output');
    const s = JSON.parse(r.stdout);
    t.ok(s.frames >= 1 && s.frames <= 2, `${s.frames} frames read`);
    t.equal(s.presented + s.skipped, s.frames, 'each frame was presented or skipped for lateness');
  });
});
