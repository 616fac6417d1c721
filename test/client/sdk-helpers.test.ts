import t from 'tap';
import { createServer } from 'node:net';
import { join } from 'node:path';
import sharp from 'sharp';
import { changedBox, connect, ImagePresenter, presentImageData, presentSharp, SpifbError, type Display, type Rect } from '../../client/index.js';
import { startDaemon, tempDir } from '../helpers/daemon-process.js';

t.test('changedBox', async (t) => {
  const a = new Uint8Array(10 * 6 * 3);
  const b = Uint8Array.from(a);
  t.equal(changedBox(a, b, 10, 6, 3), null, 'equal → null');
  b[(2 * 10 + 3) * 3 + 1] = 9;
  b[(4 * 10 + 7) * 3] = 1;
  t.same(changedBox(a, b, 10, 6, 3), { x: 3, y: 2, w: 5, h: 3 });
  const c = Uint8Array.from(a);
  c[0] = 1;
  c[c.length - 1] = 1;
  t.same(changedBox(a, c, 10, 6, 3), { x: 0, y: 0, w: 10, h: 6 }, 'corners');
});

t.test('ImagePresenter sends only the changed box, and nothing for an identical frame', async (t) => {
  const calls: { rect: Rect; bytes: number; stride?: number }[] = [];
  const damage: Rect[][] = [];
  const fake = {
    blit: async (rect: Rect, _f: string, px: Uint8Array, stride?: number) => void calls.push({ rect, bytes: px.length, stride }),
    present: async (d: Rect[]) => (damage.push(d), damage.length),
  } as unknown as Display;
  const p = new ImagePresenter(fake, { x: 5, y: 7 });
  const img = { width: 20, height: 10, data: new Uint8ClampedArray(20 * 10 * 4) };
  t.equal(await p.present(img), 1);
  t.same(calls[0].rect, { x: 5, y: 7, w: 20, h: 10 }, 'first frame whole, at its placement');
  t.equal(await p.present(img), undefined, 'identical: not presented');
  img.data[(3 * 20 + 4) * 4] = 255;
  t.equal(await p.present(img), 2);
  t.same(calls[1], { rect: { x: 9, y: 10, w: 1, h: 1 }, bytes: 4, stride: 80 });
  t.same(damage[1], [{ x: 9, y: 10, w: 1, h: 1 }]);
  await t.rejects(p.present({ width: 20, height: 10, data: new Uint8Array(3) }), { code: 'EBAD_LENGTH' });
});

t.test('helpers against the daemon', async (t) => {
  const dir = tempDir(t);
  const daemon = await startDaemon(dir);
  t.teardown(() => daemon.stop());
  const display = await connect({ socket: daemon.socket });
  t.teardown(() => display.close());
  const pixel = async (x: number, y: number): Promise<number[]> => {
    const s = await display.snapshot();
    return [...s.pixels.subarray((y * 240 + x) * 3, (y * 240 + x) * 3 + 3)];
  };

  const img = { width: 4, height: 2, data: new Uint8ClampedArray(4 * 2 * 4).fill(255) };
  const seq = await presentImageData(display, img, { x: 10, y: 20 });
  const f = await display.waitVsync(seq);
  t.ok(f === undefined || f.seq >= seq, 'waitVsync resolves for the frame');
  t.same(await pixel(13, 21), [255, 255, 255]);
  t.same(await pixel(14, 21), [0, 0, 0], 'only the image rect');

  const red = sharp({ create: { width: 8, height: 8, channels: 3, background: '#ff0000' } });
  await display.waitFrame(await presentSharp(display, red, { fit: 'fill' }));
  t.same(await pixel(239, 319), [255, 0, 0], 'sharp pipeline resized to the screen');
  await t.rejects(presentSharp(display, sharp(Buffer.from('nope'))), { code: 'EBAD_IMAGE' });
});

t.test('connect: timeout and AbortSignal', async (t) => {
  const dir = tempDir(t);
  // A socket that accepts and never answers: a daemon hung during start-up.
  const path = join(dir, 'silent.sock');
  const server = createServer(() => {});
  await new Promise<void>((r) => server.listen(path, r));
  t.teardown(() => server.close());
  await t.rejects(connect({ socket: path, timeoutMs: 50 }), { code: 'ETIMEOUT' });
  const ac = new AbortController();
  const pending = connect({ socket: path, timeoutMs: 0, signal: ac.signal });
  ac.abort();
  await t.rejects(pending, { code: 'ECLOSED' });
  await t.rejects(connect({ socket: path, signal: AbortSignal.abort() }), SpifbError);
});
