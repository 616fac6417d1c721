import t from 'tap';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect } from '../../client/connect.js';
import { startDaemon, tempDir } from '../helpers/daemon-process.js';

// SIGKILL and restart (what systemd's Restart=on-failure does after a crash):
// the SDK reconnects by itself and the panel shows the last frame again.

const px = (p: Uint8Array, x: number, y: number): number[] => [...p.subarray((y * 240 + x) * 3, (y * 240 + x) * 3 + 3)];

t.test('SIGKILL: the SDK reconnects with backoff, the last frame comes back', async (t) => {
  const dir = tempDir(t);
  const config = join(dir, 'fb0.json');
  const lastFrame = join(dir, 'last-frame');
  writeFileSync(config, JSON.stringify({ lastFrameFile: lastFrame }));
  let daemon = await startDaemon(dir, ['--config', config]);
  t.teardown(() => daemon.stop());

  const display = await connect({ socket: daemon.socket, reconnect: { initialDelayMs: 20, maxDelayMs: 200 }, timeoutMs: 10_000 });
  t.teardown(() => display.close());
  const events: string[] = [];
  display.on('disconnect', () => events.push('disconnect'));
  display.on('reconnect', () => events.push('reconnect'));
  display.on('close', () => events.push('close'));

  await display.fill(0xff0000);
  await display.fill(0x0000ff, { x: 0, y: 0, w: 10, h: 10 });
  await display.waitFrame(await display.present());
  const deadline = Date.now() + 3000;
  while (!existsSync(lastFrame) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  t.ok(existsSync(lastFrame), 'the daemon kept the last frame');

  daemon.child.kill('SIGKILL');
  await daemon.stop();
  // The application carries on: this call waits for the daemon to be back.
  const drawing = display.fill(0x00ff00);
  await new Promise((r) => setTimeout(r, 300)); // a few failed redials
  daemon = await startDaemon(dir, ['--config', config]);
  await drawing;
  t.same(events, ['disconnect', 'reconnect'], 'one disconnect, one reconnect, never closed');
  t.equal(display.info.frameSeq, 1, 'fresh info: the new daemon has sent one frame (the restored one)');

  const shot = await display.snapshot();
  t.same(px(shot.pixels, 100, 100), [255, 0, 0], 'the panel shows the last frame again');
  t.same(px(shot.pixels, 5, 5), [0, 0, 255], '… all of it');

  await display.waitFrame(await display.present());
  const after = await display.snapshot();
  t.same(px(after.pixels, 100, 100), [0, 255, 0], 'and the drawing made during the outage goes on');
});

t.test('without reconnect a dropped connection closes the Display', async (t) => {
  const dir = tempDir(t);
  const daemon = await startDaemon(dir);
  const display = await connect({ socket: daemon.socket });
  const closed = new Promise<void>((r) => display.once('close', r));
  daemon.child.kill('SIGKILL');
  await daemon.stop();
  await closed;
  await t.rejects(display.fill(0), { code: 'ECLOSED' });
});
