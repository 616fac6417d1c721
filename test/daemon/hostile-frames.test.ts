import t from 'tap';
import { readFileSync } from 'node:fs';
import { startDaemon, tempDir, type DaemonProcess } from '../helpers/daemon-process.js';
import { RawClient } from '../helpers/raw-client.js';
import { frameOf, recordsBody, referenceBombBody } from '../protocol/msgpackr-bombs.js';

// Small frames built with msgpackr's own extensions, against the real daemon.
// With a decoder that handed bodies straight to msgpackr, the ~300-byte
// shared-reference bomb froze the daemon for seconds (an error message
// stringified 2^22 leaves); now each is an EBAD_FRAME event and a close, in
// milliseconds of the daemon's CPU, and the other clients never notice.

/** Bounds are for this machine; an emulated daemon (ARM lanes) is slower by this factor. */
const SCALE = Math.max(1, Number(process.env.SPIFB_TEST_TIME_SCALE ?? 1) || 1);
const REPLY_MS = 2000 * SCALE;
const CPU_MS = 200 * SCALE;

/** CPU the daemon process has used, all threads, in ms (/proc/PID/stat utime + stime, in clock ticks of 10 ms). */
function daemonCpuMs(daemon: DaemonProcess): number {
  const stat = readFileSync(`/proc/${daemon.child.pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

function within<T>(ms: number, what: string, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout;
  const late = new Promise<never>((_, rej) => (timer = setTimeout(() => rej(new Error(`${what}: nothing within ${ms} ms`)), ms)));
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

const sleep = (ms: number) => new Promise((res) => setTimeout(res, ms));

/** pino lines the daemon printed, parsed. */
const logLines = (daemon: DaemonProcess): Array<Record<string, unknown>> =>
  daemon.output().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);

t.test('msgpackr bombs and extensions: EBAD_FRAME and a close, quickly; others are still served', async (t) => {
  const daemon = await startDaemon(tempDir(t));
  t.teardown(() => daemon.stop());
  const good = await RawClient.connect(daemon.socket);
  t.teardown(() => good.close());
  t.match(await good.call({ id: 1, op: 'hello', version: 1 }), { ok: true });
  let goodId = 2;

  const rect = { x: 0, y: 0, w: 1, h: 1 };
  const cases: Array<[string, boolean, Buffer]> = [
    ['the bomb before hello, with a trailing byte', false, frameOf(referenceBombBody({ id: 1, op: 'info' }, 'x'), [0xc0])],
    ['the bomb after hello, with a trailing byte', true, frameOf(referenceBombBody({ id: 2, op: 'info' }, 'x'), [0xc0])],
    ['the bomb as blit format', true, frameOf(referenceBombBody({ id: 2, op: 'blit', rect, pixels: new Uint8Array(2) }, 'format'))],
    ['the bomb as present slot', true, frameOf(referenceBombBody({ id: 2, op: 'present' }, 'slot'))],
    ['the bomb as an unknown op', true, frameOf(referenceBombBody({ id: 2 }, 'op'))],
    ['a msgpackr records frame', false, frameOf(recordsBody({ id: 1, op: 'hello', version: 1 }))],
    ['a timestamp (ext -1) as hello version', false, frameOf(Uint8Array.of(0x83, 0xa2, 0x69, 0x64, 0x01, 0xa2, 0x6f, 0x70,
      0xa5, 0x68, 0x65, 0x6c, 0x6c, 0x6f, 0xa7, 0x76, 0x65, 0x72, 0x73, 0x69, 0x6f, 0x6e, 0xd6, 0xff, 0, 0, 0, 1))],
    // {"id": 1, <key>: 1}: keys the document says make a frame invalid.
    ['a nil key', true, frameOf(Uint8Array.of(0x82, 0xa2, 0x69, 0x64, 0x01, 0xc0, 0x01))],
    ['a true key', true, frameOf(Uint8Array.of(0x82, 0xa2, 0x69, 0x64, 0x01, 0xc3, 0x01))],
    ['a float 64 key', true, frameOf(Uint8Array.of(0x82, 0xa2, 0x69, 0x64, 0x01, 0xcb, 0x3f, 0xf0, 0, 0, 0, 0, 0, 0, 0x01))],
    ['"id" twice', true, frameOf(Uint8Array.of(0x82, 0xa2, 0x69, 0x64, 0x01, 0xa2, 0x69, 0x64, 0x02))],
  ];
  for (const [what, greet, bytes] of cases) {
    const bad = await RawClient.connect(daemon.socket);
    t.teardown(() => bad.close());
    if (greet) t.match(await bad.call({ id: 1, op: 'hello', version: 1 }), { ok: true }, `${what}: hello`);
    const cpu = daemonCpuMs(daemon);
    const started = performance.now();
    bad.sendBytes(bytes);
    const answer = await within(REPLY_MS, what, bad.next());
    await within(REPLY_MS, `${what}: close`, bad.closedByPeer());
    const ms = performance.now() - started;
    const cpuMs = daemonCpuMs(daemon) - cpu;
    t.match(answer, { event: 'error', code: 'EBAD_FRAME', message: /at byte \d+/ }, `${what}: EBAD_FRAME (${bytes.length} bytes)`);
    t.ok((answer!.message as string).length < 200, `${what}: a short message`);
    t.ok(cpuMs <= CPU_MS, `${what}: ${cpuMs} ms of daemon CPU, closed after ${ms.toFixed(0)} ms`);
    const id = goodId++;
    t.match(await within(REPLY_MS, `${what}: good client`, good.call({ id, op: 'info' })), { id, ok: true }, `${what}: another client is served`);
  }
  t.equal(daemon.child.exitCode, null, 'daemon still running');
});

t.test('a framing error: one warning, the rest of the stream is not read', async (t) => {
  const daemon = await startDaemon(tempDir(t));
  t.teardown(() => daemon.stop());
  const closing = () => logLines(daemon).filter((l) => typeof l.msg === 'string' && l.msg.startsWith('closing client'));

  const flood = await RawClient.connect(daemon.socket);
  t.teardown(() => flood.close());
  // A bad frame (0xc1), then 4 MiB more in 64 KiB writes: the daemon's reads
  // deliver many chunks before the error event is flushed.
  flood.sendBytes(Uint8Array.of(0, 0, 0, 1, 0xc1));
  for (let i = 0; i < 64; i++) flood.sendBytes(Buffer.alloc(64 * 1024, 0xc1));
  t.match(await within(REPLY_MS, 'error event', flood.next()), { event: 'error', code: 'EBAD_FRAME' });
  await within(REPLY_MS, 'close', flood.closedByPeer());
  await sleep(300); // let the log lines of any further chunks arrive
  const lines = closing();
  t.equal(lines.length, 1, `one "closing client" line (got ${lines.length})`);
  t.match(lines[0], { level: 40, code: 'EBAD_FRAME' });
  t.notMatch(daemon.output(), /MaxListenersExceededWarning/, 'no listener pile-up');

  const other = await RawClient.connect(daemon.socket);
  t.teardown(() => other.close());
  t.match(await other.call({ id: 1, op: 'hello', version: 1 }), { ok: true }, 'the daemon still serves');
});

t.test('present.next that is not a bool → EBAD_REQUEST, and nothing is presented', async (t) => {
  const daemon = await startDaemon(tempDir(t));
  t.teardown(() => daemon.stop());
  const c = await RawClient.connect(daemon.socket);
  t.teardown(() => c.close());
  t.match(await c.call({ id: 1, op: 'hello', version: 1 }), { ok: true });
  const acquired = await c.call({ id: 2, op: 'acquire' });
  t.match(acquired, { ok: true, result: { slot: Number } });
  const slot = (acquired!.result as { slot: number }).slot;
  let id = 3;
  for (const next of [1, 0, 'true', [true], {}]) {
    t.match(await c.call({ id, op: 'present', slot, next }), { id, ok: false, error: { code: 'EBAD_REQUEST', message: /next/ } },
      `next: ${JSON.stringify(next)}`);
    id++;
  }
  // The slot is still held: the rejected presents did not happen.
  t.match(await c.call({ id, op: 'present', slot, next: true }), { id, ok: true, result: { seq: Number, next: { slot: Number } } });
  // Sent as raw bytes, so no encoder can tidy it: next is fixint 1 (body: fixmap of 4).
  c.sendBytes(frameOf(Uint8Array.of(0x84, 0xa2, 0x69, 0x64, 0x63, 0xa2, 0x6f, 0x70, 0xa7, ...Buffer.from('present'),
    0xa4, ...Buffer.from('slot'), 0x00, 0xa4, ...Buffer.from('next'), 0x01)));
  let reply = await c.next();
  while (reply && reply.event === 'release') reply = await c.next(); // from the present above
  t.match(reply, { id: 0x63, ok: false, error: { code: 'EBAD_REQUEST' } }, 'next: fixint 1');
});
