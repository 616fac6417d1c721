import t, { type Test } from 'tap';
import { connect, type Display } from '../../client/index.js';
import { startDaemon, tempDir, type DaemonProcess } from '../helpers/daemon-process.js';
import { previewUrl } from './browser.js';
import { ask, SlowReader, stalledStream } from './raw-http.js';

// daemon/preview/event-streams.ts DEFAULT_STREAM_LIMITS.maxStreams (README, --preview).
const MAX_STREAMS = 16;

async function withPreview(t: Test): Promise<{ daemon: DaemonProcess; base: string; port: number }> {
  const daemon = await startDaemon(tempDir(t), ['--preview', '0']);
  t.teardown(() => daemon.stop());
  const base = await previewUrl(daemon);
  return { daemon, base, port: Number(new URL(base).port) };
}

/**
 * Frames a client gets on the wire in `ms`, presenting a changing full
 * screen back to back: counted from the daemon's frame events. Tests compare
 * two such counts from the same run, never one against a clock.
 */
async function framesIn(display: Display, ms: number): Promise<number> {
  let frames = 0;
  const count = (): void => void frames++;
  display.on('frame', count);
  const end = performance.now() + ms;
  for (let i = 0; performance.now() < end; i++) {
    await display.fill(i & 1 ? 0xff0000 : 0x00ff00);
    await display.waitFrame(await display.present());
  }
  display.off('frame', count);
  return frames;
}

/** A browser-like /events reader that drains everything, so announcements really go out. */
async function watcher(t: Test, base: string): Promise<void> {
  const ac = new AbortController();
  const res = await fetch(new URL('/events', base), { signal: ac.signal });
  t.equal(res.status, 200, 'a normal /events stream is served');
  const reader = res.body!.getReader();
  t.teardown(() => ac.abort());
  void (async () => { for (;;) if ((await reader.read().catch(() => ({ done: true }))).done) return; })();
}

t.test('a DNS-rebinding Host is refused; the bound address, localhost and [::1] are served', async (t) => {
  const { base, port } = await withPreview(t);
  for (const path of ['/', '/screen.rgb', '/info', '/events']) {
    const r = await ask(base, path, { host: `rebind.attacker.example:${port}` });
    t.equal(r.status, 421, `${path} with a foreign Host: 421`);
    t.match(r.body, /Host/, 'says why');
  }
  t.equal((await ask(base, '/info', { host: `127.0.0.1:${port + 1}` })).status, 421, 'the right address on another port: refused');
  for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `LOCALHOST:${port}`, `[::1]:${port}`]) {
    t.equal((await ask(base, '/info', { host })).status, 200, `Host ${host}: served`);
  }
});

t.test('only GET and HEAD are served', async (t) => {
  const { base } = await withPreview(t);
  for (const method of ['POST', 'DELETE', 'PUT', 'OPTIONS']) {
    const r = await ask(base, '/screen.rgb', { method });
    t.equal(r.status, 405, `${method}: 405`);
    t.equal(r.headers.allow, 'GET, HEAD', 'Allow names what is served');
  }
  const head = await ask(base, '/screen.rgb', { method: 'HEAD' });
  t.equal(head.status, 200, 'HEAD is served');
  t.equal(head.body, '', 'without a body');
});

t.test(`/events streams are capped at ${MAX_STREAMS}; 300 of them do not slow the frames`, async (t) => {
  const { daemon, base, port } = await withPreview(t);
  const display = await connect({ socket: daemon.socket });
  t.teardown(() => display.close());
  await watcher(t, base);
  await framesIn(display, 300); // warm up
  const before = await framesIn(display, 1500);

  const streams: Array<{ status: number; socket: import('node:net').Socket }> = [];
  for (let i = 0; i < 300; i++) streams.push(await stalledStream(port));
  t.teardown(() => { for (const s of streams) s.socket.destroy(); });
  const served = streams.filter((s) => s.status === 200).length;
  t.equal(served, MAX_STREAMS - 1, `${MAX_STREAMS - 1} more streams served beside the watcher`);
  t.equal(streams.filter((s) => s.status === 503).length, 300 - served, 'the rest get 503');
  const during = await framesIn(display, 1500);
  t.ok(during >= 0.75 * before, `frames in equal windows: ${during} with 300 streams vs ${before} without`);

  // A closed stream frees its place.
  streams.find((s) => s.status === 200)!.socket.destroy();
  await new Promise((r) => setTimeout(r, 200));
  const again = await stalledStream(port);
  again.socket.destroy();
  t.equal(again.status, 200, 'a stream is served again once one closes');
});

t.test('a reader that stops reading is dropped; a normal client\'s frames go on', async (t) => {
  const { daemon, base, port } = await withPreview(t);
  const display = await connect({ socket: daemon.socket });
  t.teardown(() => display.close());
  await watcher(t, base);
  await framesIn(display, 300);
  const before = await framesIn(display, 1500);

  const slow = Array.from({ length: MAX_STREAMS - 1 }, () => new SlowReader(port));
  t.teardown(() => { for (const s of slow) s.close(); });
  // With them and the watcher the cap is reached (their requests may still be in flight: ask until refused).
  let probe = 0;
  for (let i = 0; i < 20 && probe !== 503; i++) {
    const p = await stalledStream(port);
    p.socket.destroy();
    probe = p.status;
    await new Promise((r) => setTimeout(r, 100));
  }
  t.equal(probe, 503, 'while they are held, no place is free');
  // Frames keep coming while the slow readers' buffers fill; the daemon closes them.
  const drops = (): number => (daemon.output().match(/closing a preview \/events stream that does not read/g) ?? []).length;
  let during = 0;
  let windows = 0;
  const deadline = performance.now() + 30_000;
  while (drops() < slow.length && performance.now() < deadline) {
    during += await framesIn(display, 1500);
    windows++;
  }
  t.equal(drops(), slow.length, `the daemon closed each slow reader and said why (within ${windows} windows)`);
  t.ok(windows > 0 && during / windows >= 0.75 * before, `frames per window: ${(during / Math.max(1, windows)).toFixed(0)} with slow readers vs ${before} without`);
  const after = await stalledStream(port);
  after.socket.destroy();
  t.equal(after.status, 200, 'their places are free again');
});
