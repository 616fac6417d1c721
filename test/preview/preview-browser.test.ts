import t from 'tap';
import { join } from 'node:path';
import { connect } from '../../client/index.js';
import { runCli, startDaemon, tempDir } from '../helpers/daemon-process.js';
import { firstDifference, testImage, writePng } from '../helpers/test-image.js';
import { launchChromium, noBrowser, previewUrl } from './browser.js';

declare const window: { spifbPreview: { seq: number; pending: number; fetches: number; bytes: number } };
declare const document: { getElementById(id: string): any };

t.test('the preview in headless Chromium shows what the panel shows', { skip: noBrowser }, async (t) => {
  const dir = tempDir(t);
  const daemon = await startDaemon(dir, ['--panel', 'ili9341', '--rotation', '90', '--preview', '0']);
  t.teardown(() => daemon.stop());
  const display = await connect({ socket: daemon.socket });
  t.teardown(() => display.close());
  const context = await launchChromium(t);
  const page = await context.newPage();
  await page.goto(await previewUrl(daemon));

  /** Wait until the page has applied frame `seq` with no fetch left, then compare its canvas with the panel. */
  const pageMatchesPanel = async (seq: number, what: string): Promise<void> => {
    await page.waitForFunction((s) => window.spifbPreview.seq >= s && window.spifbPreview.pending === 0, seq);
    const canvas = await page.evaluate(() => {
      const c = document.getElementById('screen');
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data as Uint8ClampedArray;
      let s = '';
      for (let i = 0; i < d.length; i += 4) s += String.fromCharCode(d[i], d[i + 1], d[i + 2]);
      return { width: c.width as number, height: c.height as number, rgb: btoa(s) };
    });
    const shot = await display.snapshot();
    t.same([canvas.width, canvas.height], [shot.width, shot.height], `${what}: canvas at the panel's size`);
    t.equal(firstDifference(new Uint8Array(Buffer.from(canvas.rgb, 'base64')), shot.pixels, shot.width), null, `${what}: canvas pixels = panel snapshot`);
  };

  const png = join(dir, 'in.png');
  await writePng(png, 320, 240, testImage(320, 240));
  const pushed = await runCli(['--socket', daemon.socket, 'push', png]);
  t.equal(pushed.code, 0, pushed.stderr);
  await pageMatchesPanel((await display.refreshInfo()).frameSeq, 'after spifb push');

  // A small change travels as a small region, not the whole screen.
  const before = await page.evaluate(() => window.spifbPreview.bytes);
  t.equal((await runCli(['--socket', daemon.socket, 'fill', '#00ff00', '--rect', '100,50,20,10'])).code, 0);
  await pageMatchesPanel((await display.refreshInfo()).frameSeq, 'after a small fill');
  const sent = (await page.evaluate(() => window.spifbPreview.bytes)) - before;
  t.ok(sent > 0 && sent <= 20 * 10 * 3 * 2, `${sent} bytes fetched for a 20x10 change (a whole frame is ${320 * 240 * 3})`);

  const text = await page.evaluate(() => `${document.getElementById('stats').textContent} | ${document.getElementById('size').textContent}`);
  t.match(text, /fps · bus [\d.]+% · latency p50 [\d.]+ ms, p99 [\d.]+ ms/, 'fps, bus utilisation and latency shown');
  t.match(text, /320×240 px/, 'real size shown');
});
