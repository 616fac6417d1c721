import t from 'tap';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { connect } from '../../../client/connect.js';
import type { AcquireResult } from '../../../protocol/messages/slots.js';
import { convertPixels } from '../../../protocol/pixel-format.js';
import { mapShared } from '../../helpers/map-client.js';
import { ROOT, startDaemon, tempDir } from '../../helpers/daemon-process.js';
import { greetedClient } from '../../helpers/raw-client.js';
import { scaled } from '../../helpers/target.js';
import { firstDifference, quantise565, testImage } from '../../helpers/test-image.js';

// Issue 12, item 16: one client must not be able to starve the other zero-copy clients.

const rawClient = greetedClient;

t.test('one client holds at most maxSlotsPerClient (default slots - 1); another still gets the last', async (t) => {
  const dir = tempDir(t);
  const daemon = await startDaemon(dir, ['--slots', '3']);
  t.teardown(() => daemon.stop());
  const greedy = await connect({ socket: daemon.socket });
  t.teardown(() => greedy.close());
  const held = [await greedy.acquire(), await greedy.acquire()];
  await t.rejects(greedy.acquire(), { code: 'ENO_SLOT', message: /maxSlotsPerClient 2/ }, 'the third acquire names the limit');
  const other = await connect({ socket: daemon.socket });
  t.teardown(() => other.close());
  const last = await other.acquire();
  t.notOk(held.some((f) => f.slot === last.slot), 'the other client got the slot left over');
  await last.release();
  // Presenting one gives the greedy client room again: the limit counts held slots, not queued ones.
  const { next } = await held[0].presentNext();
  t.ok(next, 'present with next is within the limit once the presented slot is queued');
});

t.test('a client that stops holding every slot loses them after the lease; the next client draws', async (t) => {
  const dir = tempDir(t);
  // The worst case: no per-client limit, a stopped process holds every slot.
  const daemon = await startDaemon(dir, ['--slots', '2', '--max-slots-per-client', '2', '--slot-lease-ms', String(scaled(400))]);
  t.teardown(() => daemon.stop());
  const script = `
    import { connect } from ${JSON.stringify(join(ROOT, 'dist/client/index.js'))};
    const d = await connect({ socket: ${JSON.stringify(daemon.socket)} });
    const revoked = [];
    d.on('revoked', (ev) => revoked.push(ev));
    const frames = [await d.acquire(), await d.acquire()];
    process.stdout.write('holding\\n');
    // Runs once the test lets this process go on (SIGCONT), long after the lease.
    setTimeout(async () => {
      frames[0].pixels.fill(0xff);
      const result = await frames[0].present().then((seq) => ({ seq }), (e) => ({ code: e.code, message: e.message }));
      process.stdout.write(JSON.stringify({ result, revoked, marked: frames.map((f) => f.revoked !== undefined) }) + '\\n');
      d.close();
    }, 50);
  `;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  t.teardown(() => child.kill('SIGKILL'));
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
  child.kill('SIGSTOP');

  const b = await rawClient(daemon.socket);
  t.teardown(() => b.raw.close());
  t.match(await b.call({ op: 'acquire' }), { ok: false, error: { code: 'ENO_SLOT' } }, 'the stopped client holds both slots');
  // Past the lease both slots are free again.
  let got: AcquireResult | undefined;
  const deadline = Date.now() + scaled(5000);
  while (!got && Date.now() < deadline) {
    const r = await b.call({ op: 'acquire' });
    if (r.ok) got = r.result as AcquireResult;
    else await new Promise((r) => setTimeout(r, 50));
  }
  t.ok(got, 'the other client acquires a slot once the lease ran out');
  const shared = await mapShared(daemon.socket);
  t.teardown(() => shared.retire());
  const image = testImage(240, 320);
  convertPixels(image, 0, 'rgb888', shared.slot(got!.offset, got!.stride * got!.height), 0, 'rgb565', 240 * 320);
  const presented = await b.call({ op: 'present', slot: got!.slot });
  t.match(presented, { ok: true });
  await b.event('release');

  // The stopped client wakes, presents its old slot: refused, nothing changes.
  const report = new Promise<string>((resolve) => child.stdout.on('data', () => out.includes('}\n') && resolve(out)));
  child.kill('SIGCONT');
  const line = JSON.parse((await report).split('\n')[1]);
  t.match(line.result, { code: 'EBAD_SLOT', message: /revoked|lease/ }, 'the stale present is refused');
  t.equal(line.revoked.length, 2, 'the holder got a revoked event per slot');
  t.match(line.revoked[0], { event: 'revoked', reason: 'lease', message: /slotLeaseMs/ });
  t.same(line.marked, [true, true], 'the SDK marked both frames revoked');
  const shot = (await b.call({ op: 'snapshot' })).result as { pixels: Uint8Array };
  t.equal(firstDifference(new Uint8Array(shot.pixels), quantise565(image), 240), null, 'the panel shows what the second client presented');
  t.match(daemon.output(), /slot lease expired; revoked/);
});

t.test('raw protocol: the revoked event, then EBAD_SLOT for present and release; a presenting client keeps its slots', async (t) => {
  const dir = tempDir(t);
  const daemon = await startDaemon(dir, ['--slot-lease-ms', String(scaled(300))]);
  t.teardown(() => daemon.stop());
  const a = await rawClient(daemon.socket);
  t.teardown(() => a.raw.close());
  const held = (await a.call({ op: 'acquire' })).result as AcquireResult;
  const ev = await a.event('revoked');
  t.match(ev, { event: 'revoked', slot: held.slot, reason: 'lease', message: String });
  t.match(await a.call({ op: 'present', slot: held.slot }), { ok: false, error: { code: 'EBAD_SLOT' } });
  t.match(await a.call({ op: 'release', slot: held.slot }), { ok: false, error: { code: 'EBAD_SLOT' } });
  // Streaming with next: each present starts the next slot's lease afresh, so nothing is revoked.
  let slot = ((await a.call({ op: 'acquire' })).result as AcquireResult).slot;
  const until = Date.now() + scaled(900);
  while (Date.now() < until) {
    const r = await a.call({ op: 'present', slot, next: true });
    t.equal(r.ok, true);
    if (!r.ok) break;
    slot = (r.result as { next: AcquireResult }).next.slot;
    await new Promise((r) => setTimeout(r, scaled(100)));
  }
  t.match(await a.call({ op: 'release', slot }), { ok: true }, 'the streamed slot is still ours after 3 leases');
});
