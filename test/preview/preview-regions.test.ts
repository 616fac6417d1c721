import t from 'tap';
import { changedRegions, cropRgb } from '../../daemon/preview/damage.js';
import { connect } from '../../client/index.js';
import { startDaemon, tempDir } from '../helpers/daemon-process.js';
import { previewUrl } from './browser.js';

t.test('changedRegions', async (t) => {
  const w = 10;
  const h = 40;
  const a = new Uint8Array(w * h * 3);
  t.same(changedRegions(a, Uint8Array.from(a), w, h), [], 'nothing changed');
  const b = Uint8Array.from(a);
  const poke = (x: number, y: number): void => void (b[(y * w + x) * 3 + 2] = 1);
  poke(2, 1);
  poke(5, 3); // within the merge gap of row 1: one band
  poke(9, 30); // far away: a band of its own
  t.same(changedRegions(a, b, w, h), [{ x: 2, y: 1, w: 4, h: 3 }, { x: 9, y: 30, w: 1, h: 1 }]);
  t.same(changedRegions(a, b, w, h, 0, 1), [{ x: 2, y: 1, w: 8, h: 30 }], 'capped at maxRects by merging');
  t.same([...cropRgb(b, w, { x: 5, y: 3, w: 1, h: 1 })], [0, 0, 1]);
});

t.test('/events carries the changed rectangles; /screen.rgb serves a region', async (t) => {
  const dir = tempDir(t);
  const daemon = await startDaemon(dir, ['--preview', '0']);
  t.teardown(() => daemon.stop());
  const base = await previewUrl(daemon);
  const display = await connect({ socket: daemon.socket });
  t.teardown(() => display.close());

  const ac = new AbortController();
  t.teardown(() => ac.abort());
  const res = await fetch(new URL('/events', base), { signal: ac.signal });
  const reader = res.body!.getReader();
  let buffered = '';
  const nextEvent = async (): Promise<Record<string, any>> => {
    for (;;) {
      const m = /data: (.*)\n\n/.exec(buffered);
      if (m) {
        buffered = buffered.slice(m.index + m[0].length);
        return JSON.parse(m[1]);
      }
      buffered += new TextDecoder().decode((await reader.read()).value);
    }
  };
  await display.fill(0xff0000, { x: 30, y: 40, w: 5, h: 6 });
  await display.present();
  let ev = await nextEvent();
  // The first announcement to a new watcher is the whole screen; the next one only the change.
  if (ev.rects.length === 1 && ev.rects[0].w === 240) {
    await display.fill(0x0000ff, { x: 30, y: 40, w: 5, h: 6 });
    await display.present();
    ev = await nextEvent();
  }
  t.same(ev.rects, [{ x: 30, y: 40, w: 5, h: 6 }], 'only the changed rectangle');
  t.match(ev.stats, { fps: Number, busUtilisation: Number, latencyP50Ms: Number, busHz: Number });

  const region = await fetch(new URL('/screen.rgb?x=30&y=40&w=5&h=6', base));
  t.equal(region.headers.get('x-rect'), '30,40,5,6');
  const px = new Uint8Array(await region.arrayBuffer());
  t.equal(px.length, 5 * 6 * 3);
  t.same([...px.subarray(0, 3)], [0, 0, 255]);
  const bad = await fetch(new URL('/screen.rgb?x=230&y=0&w=20&h=1', base));
  t.equal(bad.status, 400, 'a region off the screen is refused');
  await bad.text();
});
