import t from 'tap';
import { mkdirSync, openSync, writeSync, closeSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect, type Display } from '../../client/index.js';
import { runCli, startDaemon, tempDir } from '../helpers/daemon-process.js';
import { spawnCli } from './cli-child.js';

/** A 480x640 XRGB8888 framebuffer image (stride padded to 2000 bytes): left half `left`, right half `right`. */
function fbImage(left: number, right: number, stride = 2000): Buffer {
  const buf = Buffer.alloc(stride * 640);
  for (let y = 0; y < 640; y++) {
    for (let x = 0; x < 480; x++) buf.writeUInt32LE(x < 240 ? left : right, y * stride + x * 4);
  }
  return buf;
}

/** Resolves once the glass shows `left` at (60, 160) and `right` at (180, 160). */
function shows(display: Display, left: number, right: number): Promise<void> {
  const rgb = (c: number): number[] => [c >> 16, (c >> 8) & 0xff, c & 0xff];
  return new Promise((resolve) => {
    const check = async (): Promise<void> => {
      const s = await display.snapshot();
      const at = (x: number): number[] => [...s.pixels.subarray((160 * 240 + x) * 3, (160 * 240 + x) * 3 + 3)];
      if (JSON.stringify([at(60), at(180)]) === JSON.stringify([rgb(left), rgb(right)])) {
        display.off('frame', check);
        resolve();
      }
    };
    display.on('frame', check);
    void check();
  });
}

t.test('mirror a file laid out as a framebuffer', async (t) => {
  const dir = tempDir(t);
  const daemon = await startDaemon(dir);
  t.teardown(() => daemon.stop());
  const display = await connect({ socket: daemon.socket });
  t.teardown(() => display.close());
  const fb = join(dir, 'fb.raw');
  writeFileSync(fb, fbImage(0xff0000, 0x0000ff));
  const geometry = ['--size', '480x640', '--format', 'xrgb8888', '--stride', '2000'];

  t.test('an unchanging source is presented once', async (t) => {
    let presents = 0;
    const onFrame = (f: { bytes: number }): void => void (f.bytes === 0 && presents++);
    display.on('frame', onFrame);
    const r = await runCli(['--socket', daemon.socket, 'mirror', fb, ...geometry, '--fps', '200', '--count', '6', '--json']);
    display.off('frame', onFrame);
    t.equal(r.code, 0, r.stderr);
    t.same(JSON.parse(r.stdout), { reads: 6, presented: 1, identical: 5, short: 0 });
    t.equal(presents, 0, 'no empty frame reached the daemon');
    await shows(display, 0xff0000, 0x0000ff);
  });

  t.test('another process rewrites it: the panel follows, scaled', async (t) => {
    // Black first, so seeing red/blue proves the mirror read the file.
    await display.fill(0);
    await display.waitFrame(await display.present());
    const c = spawnCli(['--socket', daemon.socket, 'mirror', fb, ...geometry, '--fps', '100', '--json']);
    await shows(display, 0xff0000, 0x0000ff);
    // Rewrite in place, as a real framebuffer changes under its reader.
    const fd = openSync(fb, 'r+');
    writeSync(fd, fbImage(0x00ff00, 0xffff00), 0, undefined, 0);
    await shows(display, 0x00ff00, 0xffff00);
    writeSync(fd, fbImage(0xffffff, 0x00ff00), 0, undefined, 0);
    closeSync(fd);
    await shows(display, 0xffffff, 0x00ff00);
    c.child.kill('SIGINT');
    const r = await c.done;
    t.equal(r.code, 0, `clean exit on Ctrl-C ${r.stderr}`);
    const s = JSON.parse(r.stdout);
    t.ok(s.presented >= 3, `${s.presented} presents for 3 contents (more if a read caught a write half done)`);
    t.equal(s.reads, s.presented + s.identical + s.short, 'every read accounted for');
  });

  t.test('/dev/fbN geometry from sysfs (SPIFB_SYSFS_ROOT)', async (t) => {
    // A fake sysfs tree and a "device" named fb1 (a regular file): 8x4 RGB565 with padded rows.
    const sys = join(dir, 'sys/class/graphics/fb1');
    mkdirSync(sys, { recursive: true });
    writeFileSync(join(sys, 'virtual_size'), '8,8\n'); // double-buffered: twice as tall as shown
    writeFileSync(join(sys, 'modes'), 'U:8x4p-0\n');
    writeFileSync(join(sys, 'bits_per_pixel'), '16\n');
    writeFileSync(join(sys, 'stride'), '32\n');
    const dev = join(dir, 'fb1');
    const buf = Buffer.alloc(32 * 4);
    for (let y = 0; y < 4; y++) for (let x = 0; x < 8; x++) buf.writeUInt16LE(0x07e0, y * 32 + x * 2); // green
    writeFileSync(dev, buf);
    const env = { ...process.env, SPIFB_SYSFS_ROOT: join(dir, 'sys') };
    const r = await runCli(['--socket', daemon.socket, 'mirror', dev, '--count', '1', '--json'], env);
    t.equal(r.code, 0, r.stderr);
    t.match(JSON.parse(r.stdout), { reads: 1, presented: 1 });
    await shows(display, 0x00ff00, 0x00ff00);
    const missing = await runCli(['--socket', daemon.socket, 'mirror', join(dir, 'fb7'), '--count', '1'], env);
    t.equal(missing.code, 1);
    t.match(missing.stderr, /^spifb mirror: ENO_DEVICE: cannot read .*fb7\/virtual_size/);
  });
});
