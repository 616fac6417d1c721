import t from 'tap';
import { existsSync } from 'node:fs';
import { mapShared } from '../../helpers/map-client.js';
import type { AcquireResult } from '../../../protocol/messages/slots.js';
import { startDaemon, tempDir } from '../../helpers/daemon-process.js';
import { greetedClient } from '../../helpers/raw-client.js';

const client = greetedClient;

/** Two greeted clients; the first has mapped the shared buffer. */
async function twoClientsMapped(t: { teardown(fn: () => unknown): void }, socket: string) {
  const a = await client(socket);
  const b = await client(socket);
  t.teardown(() => (a.raw.close(), b.raw.close()));
  const shared = await mapShared(socket);
  t.teardown(() => shared.retire());
  return { a, b, shared };
}

function u16(bytes: Uint8Array, offset: number, count: number): Uint16Array {
  return new Uint16Array(bytes.buffer, bytes.byteOffset + offset, count);
}

t.test('a slot released unpresented is not handed out as if it held the newest frame', async (t) => {
  const dir = tempDir(t);
  const daemon = await startDaemon(dir, ['--slots', '1']);
  t.teardown(() => daemon.stop());
  const { a, b, shared } = await twoClientsMapped(t, daemon.socket);
  await a.call({ op: 'fill', color: 0xff0000 });
  await a.call({ op: 'present' });
  const first = (await a.call({ op: 'acquire' })).result as AcquireResult;
  const px = u16(shared.slots, first.offset, 240 * 320);
  t.equal(px[0], 0xf800, 'an acquired slot holds the newest frame (red)');
  px.fill(0x1234); // scribbles, then gives it back
  await a.call({ op: 'release', slot: first.slot });
  const again = (await b.call({ op: 'acquire' })).result as AcquireResult;
  t.equal(again.slot, first.slot);
  t.equal(u16(shared.slots, again.offset, 1)[0], 0xf800, 'the scribbles were replaced by the newest frame');
});

t.test('a bare present after a slot present keeps the slot\'s frame', async (t) => {
  const dir = tempDir(t);
  const daemon = await startDaemon(dir);
  t.teardown(() => daemon.stop());
  const { a, b, shared } = await twoClientsMapped(t, daemon.socket);
  const slot = (await a.call({ op: 'acquire' })).result as AcquireResult;
  u16(shared.slots, slot.offset, 240 * 320).fill(0xffff);
  await a.call({ op: 'present', slot: slot.slot });
  await b.call({ op: 'present' }); // another client presents without drawing
  await new Promise((r) => setTimeout(r, 100));
  const shot = (await b.call({ op: 'snapshot' })).result as { pixels: Uint8Array };
  t.same([...shot.pixels.subarray(0, 3)], [255, 255, 255], 'still white, not the old framebuffer');
});

t.test('SIGTERM while a client holds a slot: clean exit, socket removed', async (t) => {
  const dir = tempDir(t);
  const daemon = await startDaemon(dir);
  const a = await client(daemon.socket);
  t.teardown(() => a.raw.close());
  t.match(await a.call({ op: 'acquire' }), { ok: true });
  t.equal(await daemon.stop(), 0, 'exit code 0 (not a crash)');
  t.notOk(existsSync(daemon.socket), 'socket removed');
});
