import t from 'tap';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { connect } from '../../../client/connect.js';
import { SharedBuffer } from '../../../client/shared-buffer.js';
import { encodeFrame } from '../../../protocol/framing.js';
import type { AcquireResult } from '../../../protocol/messages/slots.js';
import { mapDescriptors } from '../../helpers/map-client.js';
import { convertPixels } from '../../../protocol/pixel-format.js';
import { ROOT, startDaemon, tempDir } from '../../helpers/daemon-process.js';
import { RawClient } from '../../helpers/raw-client.js';
import { firstDifference, quantise565, testImage } from '../../helpers/test-image.js';

t.test('a client maps the buffer, draws in a slot, presents: the panel shows it, no pixels on the socket', async (t) => {
  const dir = tempDir(t);
  const daemon = await startDaemon(dir, ['--rotation', '90']);
  t.teardown(() => daemon.stop());
  const raw = await RawClient.connect(daemon.socket);
  t.teardown(() => raw.close());
  let sent = 0;
  const call = async (m: Record<string, unknown>) => {
    sent += encodeFrame(m).length;
    return raw.call(m);
  };
  await call({ id: 1, op: 'hello', version: 1 });
  // `map` on a connection that receives its descriptors (README "`map`").
  const { result: map, fds } = await mapDescriptors(daemon.socket);
  t.match(map, { backend: 'shm', descriptors: 2, headerSize: 4096, layoutVersion: 2 });
  t.equal(fds.length, 2, 'header and slots');
  const shared = SharedBuffer.map(map, fds);
  t.teardown(() => shared.retire());
  const a = (await call({ id: 3, op: 'acquire' }))!.result as AcquireResult;
  t.match(a, { width: 320, height: 240, stride: 640, format: 'rgb565' });
  t.equal(a.offset % 4096, 0, 'the slot starts on a page');

  const image = testImage(320, 240);
  const slot = shared.slot(a.offset, a.stride * a.height);
  convertPixels(image, 0, 'rgb888', slot, 0, 'rgb565', 320 * 240);
  const present = await call({ id: 4, op: 'present', slot: a.slot });
  t.match(present, { id: 4, ok: true, result: { seq: Number } });
  // The release event says the daemon is done with the slot.
  const release = await new Promise<Record<string, unknown>>((resolve) => {
    const check = async () => resolve((await raw.next())!);
    void check();
  });
  t.match(release, { event: 'release', slot: a.slot, dropped: false });
  t.ok(sent < 200, `only ${sent} bytes went over the socket for a 153,600-byte frame`);

  const shot = await raw.call({ id: 5, op: 'snapshot' });
  const px = (shot!.result as { pixels: Uint8Array }).pixels;
  t.equal(firstDifference(new Uint8Array(px), quantise565(image), 320), null, 'the panel shows the slot');
  // The header page tracks the slot: free again after the release.
  const view = new DataView(shared.header.buffer, shared.header.byteOffset);
  t.equal(view.getUint32(64 + 16 * a.slot + 4, true), 0, 'header: slot state free');
});

t.test('slots: presenting an unheld slot fails, all slots in use gives ENO_SLOT, a killed client leaks nothing', async (t) => {
  const dir = tempDir(t);
  // No per-client limit here: this is about every slot being taken (slot-limits.test.ts has the limit).
  const daemon = await startDaemon(dir, ['--slots', '2', '--max-slots-per-client', '2']);
  t.teardown(() => daemon.stop());
  const display = await connect({ socket: daemon.socket });
  t.teardown(() => display.close());
  const f1 = await display.acquire();
  const f2 = await display.acquire();
  await t.rejects(display.acquire(), { code: 'ENO_SLOT' });
  await f2.release();
  await t.rejects(f2.present(), { code: 'EBAD_SLOT' }, 'the SDK refuses a second use');
  const raw = await RawClient.connect(daemon.socket);
  t.teardown(() => raw.close());
  await raw.call({ id: 1, op: 'hello', version: 1 });
  t.match(await raw.call({ id: 2, op: 'present', slot: f1.slot }), { ok: false, error: { code: 'EBAD_SLOT' } }, 'another client cannot present my slot');
  t.match(await raw.call({ id: 3, op: 'release', slot: 99 }), { ok: false, error: { code: 'EBAD_SLOT' } });
  await f1.release();

  // A client that grabs every slot and is killed with SIGKILL.
  const script = `
    import { connect } from ${JSON.stringify(join(ROOT, 'dist/client/index.js'))};
    const d = await connect({ socket: ${JSON.stringify(daemon.socket)} });
    await d.acquire(); await d.acquire();
    process.stdout.write('holding\\n');
    setInterval(() => {}, 1000);
  `;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
  await t.rejects(display.acquire(), { code: 'ENO_SLOT' }, 'the child holds both slots');
  child.kill('SIGKILL');
  await new Promise((resolve) => child.once('exit', resolve));
  // The daemon notices the closed socket; both slots come back.
  let got: Awaited<ReturnType<typeof display.acquire>>[] = [];
  for (let tries = 0; tries < 50 && got.length < 2; tries++) {
    try {
      got.push(await display.acquire());
    } catch {
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  t.equal(got.length, 2, 'both slots free again');
  const image = testImage(240, 320);
  convertPixels(image, 0, 'rgb888', got[0].pixels, 0, 'rgb565', 240 * 320);
  await display.waitFrame(await got[0].present());
  const shot = await display.snapshot();
  t.equal(firstDifference(shot.pixels, quantise565(image), 240), null, 'and the ring still works');
  got = [];
});

t.test('present with next hands back the following slot in the same round trip', async (t) => {
  const dir = tempDir(t);
  // One client holds both slots below, to see a present with every slot busy.
  const daemon = await startDaemon(dir, ['--slots', '2', '--max-slots-per-client', '2']);
  t.teardown(() => daemon.stop());
  const raw = await RawClient.connect(daemon.socket);
  t.teardown(() => raw.close());
  // Replies only: release events for the presented slots come in between.
  const call = async (m: Record<string, unknown>) => {
    raw.send(m);
    for (;;) {
      const msg = await raw.next();
      if (!msg || msg.event === undefined) return msg;
    }
  };
  await call({ id: 1, op: 'hello', version: 1 });
  const first = (await call({ id: 2, op: 'acquire' }))!.result as AcquireResult;
  const r1 = await call({ id: 3, op: 'present', slot: first.slot, next: true });
  t.match(r1, { ok: true, result: { seq: Number, next: { slot: Number, stride: 480, width: 240, height: 320 } } });
  const next = (r1!.result as { next: AcquireResult }).next;
  t.not(next.slot, first.slot, 'a different slot: the presented one is still queued');
  // Hold the other slot too: with every slot busy, the present still happens, without `next`.
  t.match(await call({ id: 6, op: 'acquire' }), { ok: true, result: { slot: first.slot } }, 'the first slot came back');
  const r2 = await call({ id: 4, op: 'present', slot: next.slot, next: true });
  t.match(r2, { ok: true, result: { seq: Number } });
  t.equal((r2!.result as { next?: unknown }).next, undefined, 'no slot free: no next, no error');
  t.match(await call({ id: 5, op: 'present', slot: 7, next: true }), { ok: false, error: { code: 'EBAD_SLOT' } });
});

t.test('SDK: presentNext streams frames one round trip each, the panel shows the last', async (t) => {
  const dir = tempDir(t);
  const daemon = await startDaemon(dir);
  t.teardown(() => daemon.stop());
  const display = await connect({ socket: daemon.socket });
  t.teardown(() => display.close());
  let frame: Awaited<ReturnType<typeof display.acquire>> | undefined = await display.acquire();
  let seq = 0;
  const colours = [0xf800, 0x07e0, 0x001f, 0xffff, 0x1234];
  let handedBack = 0;
  for (const c of colours) {
    frame ??= await display.acquire();
    new Uint16Array(frame.pixels.buffer, frame.pixels.byteOffset, frame.pixels.length / 2).fill(c);
    const r = await frame.presentNext();
    seq = r.seq;
    if (r.next) handedBack++;
    frame = r.next;
  }
  t.ok(handedBack >= colours.length - 1, `${handedBack} of ${colours.length} presents handed back the next slot`);
  await display.waitFrame(seq);
  const shot = await display.snapshot();
  // 0x1234 = R 00010, G 010001, B 10100 → the panel widens 5-bit channels by their MSB: R 000100, B 101001.
  t.same([...shot.pixels.subarray(0, 3)], [0x10, 0x45, 0xa6]);
});
