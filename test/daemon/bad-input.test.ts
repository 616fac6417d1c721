import t from 'tap';
import { encodeFrame } from '../../protocol/framing.js';
import { startDaemon, tempDir } from '../helpers/daemon-process.js';
import { RawClient } from '../helpers/raw-client.js';

// Bad input never crashes the daemon: each case gets an error with a stable
// code (or, for framing errors, an error event and a closed connection), and
// a well-behaved client connected throughout keeps being served.
t.test('bad input gets coded errors; the daemon keeps serving', async (t) => {
  const dir = tempDir(t);
  const daemon = await startDaemon(dir);
  t.teardown(() => daemon.stop());

  const good = await RawClient.connect(daemon.socket);
  t.teardown(() => good.close());
  t.match(await good.call({ id: 1, op: 'hello', version: 1 }), { id: 1, ok: true, result: { version: 1 } });
  // Accepted drawing that later errors must not undo.
  t.match(await good.call({ id: 2, op: 'fill', color: 0x0000ff }), { id: 2, ok: true });

  const bad = await RawClient.connect(daemon.socket);
  t.teardown(() => bad.close());
  const err = (code: string) => ({ ok: false, error: { code, message: String } });
  t.match(await bad.call({ id: 1, op: 'info' }), { id: 1, ...err('ENO_HELLO') }, 'op before hello');
  t.match(await bad.call({ id: 2, op: 'hello', version: 99 }), { id: 2, ...err('EVERSION') });
  t.match(await bad.call({ id: 3, op: 'hello' }), { id: 3, ...err('EBAD_REQUEST') }, 'hello without version');
  t.match(await bad.call({ id: 4, op: 'hello', version: 1 }), { id: 4, ok: true });
  t.match(await bad.call({ id: 5, op: 'teleport' }), { id: 5, ...err('EUNKNOWN_OP') });
  t.match(await bad.call({ op: 'info' }), { id: null, ...err('EBAD_REQUEST') }, 'missing id');
  t.match(await bad.call({ id: -1, op: 'info' }), { id: null, ...err('EBAD_REQUEST') }, 'negative id');
  t.match(await bad.call({ id: 6, op: 7 }), { id: 6, ...err('EBAD_REQUEST') }, 'op not a string');
  t.match(await bad.call({ id: 7, op: 'fill', color: 0xff, rect: { x: 200, y: 0, w: 41, h: 10 } }), { id: 7, ...err('EBAD_RECT') });
  t.match(await bad.call({ id: 8, op: 'fill', color: 0xff, rect: { x: 0, y: 0, w: 0, h: 10 } }), { id: 8, ...err('EBAD_RECT') });
  t.match(await bad.call({ id: 9, op: 'fill', color: 0xff, rect: { x: 0.5, y: 0, w: 1, h: 1 } }), { id: 9, ...err('EBAD_RECT') });
  t.match(await bad.call({ id: 10, op: 'fill', color: -1 }), { id: 10, ...err('EBAD_COLOR') });
  const rect = { x: 0, y: 0, w: 4, h: 4 };
  t.match(await bad.call({ id: 11, op: 'blit', rect, format: 'rgb565', pixels: new Uint8Array(31) }), { id: 11, ...err('EBAD_LENGTH') });
  t.match(await bad.call({ id: 12, op: 'blit', rect, format: 'rgb565', pixels: new Uint8Array(33) }), { id: 12, ...err('EBAD_LENGTH') });
  t.match(await bad.call({ id: 13, op: 'blit', rect, format: 'yuv420', pixels: new Uint8Array(32) }), { id: 13, ...err('EBAD_FORMAT') });
  t.match(await bad.call({ id: 14, op: 'blit', rect, format: 'rgb565', pixels: 'not bytes' }), { id: 14, ...err('EBAD_REQUEST') });
  t.match(await bad.call({ id: 15, op: 'present', damage: [{ x: 0, y: 0, w: 1, h: 321 }] }), { id: 15, ...err('EBAD_RECT') });
  t.match(await bad.call({ id: 16, op: 'snapshot', view: 'sideways' }), { id: 16, ...err('EBAD_REQUEST') });
  t.match(await bad.call({ id: 17, op: 'info' }), { id: 17, ok: true }, 'the session survives its errors');

  // Framing errors close that connection only.
  const garbage = await RawClient.connect(daemon.socket);
  garbage.sendBytes(Uint8Array.of(0, 0, 0, 1, 0xc1)); // 0xc1 is never valid msgpack
  t.match(await garbage.next(), { event: 'error', code: 'EBAD_FRAME' });
  await garbage.closedByPeer();

  // A whole request, then garbage, in one write: the request is answered first.
  const mixed = await RawClient.connect(daemon.socket);
  const hello = encodeFrame({ id: 1, op: 'hello', version: 1 });
  mixed.sendBytes(Buffer.concat([hello, Uint8Array.of(0, 0, 0, 1, 0xc1)]));
  t.match(await mixed.next(), { id: 1, ok: true }, 'request before the bad frame is served');
  t.match(await mixed.next(), { event: 'error', code: 'EBAD_FRAME' });
  await mixed.closedByPeer();

  const notMap = await RawClient.connect(daemon.socket);
  notMap.sendBytes(Uint8Array.of(0, 0, 0, 1, 0x2a)); // positive fixint 42
  t.match(await notMap.next(), { event: 'error', code: 'EBAD_FRAME' });
  await notMap.closedByPeer();

  const huge = await RawClient.connect(daemon.socket);
  huge.sendBytes(Uint8Array.of(0x7f, 0xff, 0xff, 0xff)); // 2 GiB declared, nothing sent
  t.match(await huge.next(), { event: 'error', code: 'EFRAME_TOO_LARGE' });
  await huge.closedByPeer();

  // The good client never noticed; what it drew before is still there.
  t.match(await good.call({ id: 3, op: 'present' }), { id: 3, ok: true, result: { seq: Number } });
  const shot = await good.call({ id: 4, op: 'snapshot' });
  t.match(shot, { id: 4, ok: true, result: { width: 240, height: 320, format: 'rgb888' } });
  const px = (shot!.result as { pixels: Uint8Array }).pixels;
  t.same([...px.subarray(0, 3)], [0, 0, 255], 'the accepted fill is on the panel');
  t.equal(daemon.child.exitCode, null, 'daemon still running');
});
