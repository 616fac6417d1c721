import t from 'tap';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDbiTrace, replayDbiTrace } from '../../daemon/sim/dbi-trace.js';
import { ili9341Module } from '../../daemon/sim/module-model.js';
import { SimPanel } from '../../daemon/sim/sim-panel.js';
import { runCli, startDaemon, tempDir } from '../helpers/daemon-process.js';
import { firstDifference, quantise565, readPng, testImage, writePng } from '../helpers/test-image.js';

// The acceptance case: a 320x240 PNG pushed through the CLI to an
// ILI9341 at rotation 90 comes back, via the simulated panel and via the
// recorded DBI trace, as the image after RGB565 quantisation.
t.test('push a 320x240 PNG to ili9341 at rotation 90', async (t) => {
  const dir = tempDir(t);
  const trace = join(dir, 'wire.dbi');
  const daemon = await startDaemon(dir, ['--panel', 'ili9341', '--rotation', '90', '--trace', trace]);
  t.teardown(() => daemon.stop());

  const image = testImage(320, 240);
  const png = join(dir, 'in.png');
  await writePng(png, 320, 240, image);
  const expected = quantise565(image);

  const info = await runCli(['--socket', daemon.socket, 'info', '--json']);
  t.equal(info.code, 0, info.stderr);
  t.match(JSON.parse(info.stdout), { width: 320, height: 240, stride: 640, format: 'rgb565', rotation: 90, bus: 'sim' });

  const push = await runCli(['--socket', daemon.socket, 'push', png]);
  t.equal(push.code, 0, push.stderr);

  const out = join(dir, 'out.png');
  const snap = await runCli(['--socket', daemon.socket, 'snapshot', out]);
  t.equal(snap.code, 0, snap.stderr);
  const shot = await readPng(out);
  t.same([shot.width, shot.height], [320, 240]);
  t.equal(firstDifference(shot.rgb, expected, 320), null, 'snapshot equals the quantised image');

  t.equal(await daemon.stop(), 0, 'clean exit on SIGTERM');

  // Decode the wire bytes with a fresh simulated panel. Rotation 90 turns the
  // image 90° clockwise on the 240x320 glass: image (x, y) lands on glass
  // (239 - y, x).
  const panel = new SimPanel(ili9341Module);
  replayDbiTrace(parseDbiTrace(readFileSync(trace)), panel);
  const glass = panel.glassView();
  t.same([glass.width, glass.height], [240, 320]);
  const fromGlass = new Uint8Array(320 * 240 * 3);
  for (let y = 0; y < 240; y++) {
    for (let x = 0; x < 320; x++) {
      const g = (x * 240 + (239 - y)) * 3;
      fromGlass.set(glass.rgb.subarray(g, g + 3), (y * 320 + x) * 3);
    }
  }
  t.equal(firstDifference(fromGlass, expected, 320), null, 'the DBI trace decodes to the same image');
});

t.test('fill a rectangle, then the whole screen', async (t) => {
  const dir = tempDir(t);
  const daemon = await startDaemon(dir);
  t.teardown(() => daemon.stop());
  const sock = ['--socket', daemon.socket];
  t.equal((await runCli([...sock, 'fill', '#ff8800'])).code, 0);
  t.equal((await runCli([...sock, 'fill', '#00ff00', '--rect', '10,10,50,20'])).code, 0);
  const out = join(dir, 'out.png');
  t.equal((await runCli([...sock, 'snapshot', out])).code, 0);
  const shot = await readPng(out);
  t.same([shot.width, shot.height], [240, 320]);
  const at = (x: number, y: number): number[] => [...shot.rgb.subarray((y * 240 + x) * 3, (y * 240 + x) * 3 + 3)];
  // #ff8800 → RGB565 0xFC40 → shown as (255, 138, 0); #00ff00 → (0, 255, 0).
  t.same(at(0, 0), [255, 138, 0]);
  t.same(at(10, 10), [0, 255, 0]);
  t.same(at(59, 29), [0, 255, 0]);
  t.same(at(60, 29), [255, 138, 0]);
  t.same(at(59, 30), [255, 138, 0]);
  t.same(at(239, 319), [255, 138, 0]);
});
