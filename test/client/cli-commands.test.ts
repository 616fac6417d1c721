import t from 'tap';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { connect } from '../../client/index.js';
import { startDaemon, tempDir } from '../helpers/daemon-process.js';
import { cli as cliInProcess } from './cli-in-process.js';
import { firstDifference, quantise565, testImage, writePng } from '../helpers/test-image.js';

// One daemon (ili9341, 240x320) for every command; each case reads the
// result back from the simulated panel through the SDK.
t.test('CLI commands against the simulated panel', async (t) => {
  const dir = tempDir(t);
  const daemon = await startDaemon(dir);
  t.teardown(() => daemon.stop());
  // In this process: the binary itself is run by cli.test.ts, push-raw, mirror and e2e-push.
  const cli = (...args: string[]) => cliInProcess(['--socket', daemon.socket, ...args]);
  const display = await connect({ socket: daemon.socket });
  t.teardown(() => display.close());
  const pixel = async (x: number, y: number): Promise<number[]> => {
    const s = await display.snapshot();
    return [...s.pixels.subarray((y * s.width + x) * 3, (y * s.width + x) * 3 + 3)];
  };

  t.test('fill, clear', async (t) => {
    t.equal((await cli('fill', '#ff0000')).code, 0);
    t.same(await pixel(5, 5), [255, 0, 0]);
    t.equal((await cli('clear')).code, 0);
    t.same(await pixel(5, 5), [0, 0, 0]);
    t.equal((await cli('clear', '--colour', '#0000ff')).code, 0);
    t.same(await pixel(239, 319), [0, 0, 255]);
  });

  t.test('text draws in its box only, over what is shown or on a background', async (t) => {
    await cli('clear');
    const r = await cli('text', 'Hello', '--size', '24', '--at', '20,40', '--colour', '#ffffff', '--json');
    t.equal(r.code, 0, r.stderr);
    const { inked } = JSON.parse(r.stdout);
    t.ok(inked.x >= 20 && inked.y >= 40 && inked.w > 20 && inked.h > 10 && inked.h <= 30, `inked ${JSON.stringify(inked)}`);
    const s = await display.snapshot();
    let lit = 0;
    let outside = 0;
    for (let y = 0; y < 320; y++) {
      for (let x = 0; x < 240; x++) {
        const on = s.pixels[(y * 240 + x) * 3] > 0;
        const inside = x >= inked.x && x < inked.x + inked.w && y >= inked.y && y < inked.y + inked.h;
        if (on && inside) lit++;
        if (on && !inside) outside++;
      }
    }
    t.ok(lit > 50, `${lit} text pixels lit`);
    t.equal(outside, 0, 'nothing drawn outside the text');
    t.equal((await cli('text', 'x', '--at', '0,100', '--background', '#00ff00', '--colour', '#000000')).code, 0);
    t.same(await pixel(230, 101), [0, 255, 0], 'the line box is painted to the right edge');
    t.same(await pixel(230, 150), [0, 0, 0], 'below the line box untouched');
  });

  t.test('push: fit, background, rotate, slideshow', async (t) => {
    const image = testImage(240, 320);
    const png = join(dir, 'a.png');
    await writePng(png, 240, 320, image);
    t.equal((await cli('push', png, '--fit', 'fill')).code, 0);
    const s = await display.snapshot();
    t.equal(firstDifference(s.pixels, quantise565(image), 240), null, 'same-size image shown exactly (after RGB565)');

    // A 100x100 red square, contained on blue: bars above and below.
    const sq = join(dir, 'sq.png');
    await writePng(sq, 100, 100, new Uint8Array(100 * 100 * 3).map((_, i) => (i % 3 === 0 ? 255 : 0)));
    t.equal((await cli('push', sq, '--background', '#0000ff')).code, 0);
    t.same(await pixel(120, 10), [0, 0, 255], 'letterbox in the background colour');
    t.same(await pixel(120, 160), [255, 0, 0]);
    t.equal((await cli('push', sq, '--fit', 'cover')).code, 0);
    t.same(await pixel(120, 10), [255, 0, 0], 'cover crops: no bars');

    // Left half red, right half green, turned 90° clockwise: red on top.
    const halves = new Uint8Array(320 * 240 * 3);
    for (let i = 0; i < 320 * 240; i++) halves.set((i % 320) < 160 ? [255, 0, 0] : [0, 255, 0], i * 3);
    const hp = join(dir, 'halves.png');
    await writePng(hp, 320, 240, halves);
    t.equal((await cli('push', hp, '--rotate', '90', '--fit', 'fill')).code, 0);
    t.same(await pixel(120, 20), [255, 0, 0], 'red on top');
    t.same(await pixel(120, 300), [0, 255, 0], 'green below');

    // Slideshow: one image after another, the last one stays (contained:
    // 320x240 → 240x180 at y = 70).
    const r = await cli('push', sq, png, hp, '--interval', '0');
    t.equal(r.code, 0, r.stderr);
    t.same(await pixel(60, 160), [255, 0, 0], 'the last image is shown');
    t.same(await pixel(180, 160), [0, 255, 0]);
    t.same(await pixel(120, 20), [0, 0, 0], 'letterboxed');

    const bad = join(dir, 'bad.png');
    writeFileSync(bad, 'not an image');
    const b = await cli('push', bad);
    t.equal(b.code, 1);
    t.match(b.stderr, /^spifb push: EBAD_IMAGE: cannot read image .*bad\.png/);
    t.equal(b.stderr.trim().split('\n').length, 1, 'one line');
  });

  t.test('informational commands: text and --json', async (t) => {
    const info = await cli('info', '--json');
    t.match(JSON.parse(info.stdout), { width: 240, height: 320, panel: 'ili9341' });
    const stats = await cli('stats', '--json');
    t.equal(stats.code, 0);
    const s = JSON.parse(stats.stdout);
    t.ok(s.frames > 0);
    t.match(s, { fps: Number, busUtilisation: Number, latencyP50Ms: Number, busHz: Number });
    t.match((await cli('stats')).stdout, /frames \d+ .* fps .* bus .*% .* latency p50/);
    const watch = await cli('stats', '--watch', '--count', '3', '--interval', '10', '--json');
    t.equal(watch.code, 0);
    const lines = watch.stdout.trim().split('\n').map((l) => JSON.parse(l));
    t.equal(lines.length, 3, 'one JSON line per sample');
    t.notOk(watch.stdout.includes('\r'), 'no progress redraws when stdout is not a terminal');

    t.same(JSON.parse((await cli('backlight', '40', '--json')).stdout), { level: 40, blanked: false });
    t.same(JSON.parse((await cli('blank', '--json')).stdout), { level: 40, blanked: true });
    t.match((await cli('unblank')).stdout, /backlight 40%, on/);

    t.same(JSON.parse((await cli('rotate', '--json')).stdout), { rotation: 0 });
    t.equal((await cli('rotate', '0')).code, 0, 'asking for the current rotation is fine');
    const rot = await cli('rotate', '90');
    t.equal(rot.code, 2);
    t.match(rot.stderr, /cannot change the rotation while it runs .* --rotation 90/);
  });
});
