import t from 'tap';
import { startDaemon, tempDir } from '../../helpers/daemon-process.js';
import { RawClient } from '../../helpers/raw-client.js';

// protocol/README.md, `snapshot`: source "panel" reads the simulated panel's
// memory; `blank`: presents while blanked still go to the panel's memory.
// So a snapshot while blanked shows the frame (what unblanking will show),
// not the black glass — as the "shadow" source does on real hardware.

async function untilFrame(c: RawClient, id: number, seq: number): Promise<number> {
  for (;;) {
    const info = (await c.call({ id: id++, op: 'info' }))!.result as { frameSeq: number };
    if (info.frameSeq >= seq) return id;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

function pixelAt(shot: Record<string, unknown> | undefined, x: number, y: number, width = 240): number[] {
  const px = (shot!.result as { pixels: Uint8Array }).pixels;
  return [...px.subarray((y * width + x) * 3, (y * width + x) * 3 + 3)];
}

t.test('a snapshot of the panel while blanked shows its memory', async (t) => {
  const dir = tempDir(t);
  const daemon = await startDaemon(dir);
  t.teardown(() => daemon.stop());
  const c = await RawClient.connect(daemon.socket);
  t.teardown(() => c.close());
  t.match(await c.call({ id: 1, op: 'hello', version: 1 }), { ok: true });
  await c.call({ id: 2, op: 'fill', color: 0xff0000 });
  let seq = ((await c.call({ id: 3, op: 'present' }))!.result as { seq: number }).seq;
  let id = await untilFrame(c, 4, seq);

  t.match(await c.call({ id: id++, op: 'blank', on: true }), { ok: true, result: { blanked: true } });
  // Power changes and frames share the panel's queue, in order: this frame
  // reaches the panel's memory after the blank did.
  await c.call({ id: id++, op: 'fill', color: 0x00ff00, rect: { x: 0, y: 0, w: 10, h: 10 } });
  seq = ((await c.call({ id: id++, op: 'present' }))!.result as { seq: number }).seq;
  id = await untilFrame(c, id, seq);

  const screen = await c.call({ id: id++, op: 'snapshot' });
  t.match(screen, { ok: true, result: { source: 'panel', width: 240, height: 320 } });
  t.same(pixelAt(screen, 5, 5), [0, 255, 0], 'the frame presented while blanked');
  t.same(pixelAt(screen, 100, 100), [255, 0, 0], 'the frame from before the blank');
  const glass = await c.call({ id: id++, op: 'snapshot', view: 'glass' });
  t.same(pixelAt(glass, 100, 100), [255, 0, 0], 'view "glass" reads the memory too');

  t.match(await c.call({ id: id++, op: 'blank', on: false }), { ok: true, result: { blanked: false } });
  const after = await c.call({ id: id++, op: 'snapshot' });
  t.same((after!.result as { pixels: Uint8Array }).pixels, (screen!.result as { pixels: Uint8Array }).pixels, 'unblanked: the same picture');
});
