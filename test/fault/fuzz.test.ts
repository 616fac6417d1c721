import t from 'tap';
import { createConnection, type Socket } from 'node:net';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect } from '../../client/connect.js';
import { ERROR_CODES } from '../../protocol/errors.js';
import { FrameDecoder } from '../../protocol/framing.js';
import { startDaemon, tempDir } from '../helpers/daemon-process.js';
import { extRequest, FrameFuzzer, heavyRequests } from './frame-fuzzer.js';
import { frameOf, referenceBombBody } from '../protocol/msgpackr-bombs.js';

// ≥ 100,000 hostile frames against the real daemon. It must never crash;
// every reply is a reply with a documented code (or ok), a framing error is
// an `error` event and a close; its memory stays bounded; a well-behaved
// client connected throughout sees every one of its frames.

const SEED = Number(process.env.SPIFB_FUZZ_SEED ?? 0x5f1fb);
const REQUEST_FRAMES = 100_000;
const MUTATED_FRAMES = 3_000;
const BATCH = 1000;

/** An emulated daemon (the ARM lanes) is slower by this factor. */
const SCALE = Math.max(1, Number(process.env.SPIFB_TEST_TIME_SCALE ?? 1) || 1);
/** No request of at most 4 MiB may take the daemon more CPU than this. */
const REQUEST_CPU_MS = 50 * SCALE;

/** CPU the daemon has used, all threads, ms: utime + stime from /proc/PID/stat, in 10 ms clock ticks. */
const cpuMs = (pid: number): number => {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
};

const rssKb = (pid: number): number => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]);

interface Outcome {
  replies: Array<Record<string, unknown>>;
  errorEvent?: Record<string, unknown>;
  closed: boolean;
}

/** Write `bytes`, collect what comes back until `want` replies arrived or the daemon closed. */
function exchange(path: string, bytes: Buffer, want: number, timeoutMs = 20_000): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const s: Socket = createConnection(path);
    const decoder = new FrameDecoder(64 * 1024 * 1024);
    const out: Outcome = { replies: [], closed: false };
    const timer = setTimeout(() => reject(new Error(`no answer: ${out.replies.length}/${want} replies`)), timeoutMs);
    const finish = (): void => {
      clearTimeout(timer);
      s.destroy();
      resolve(out);
    };
    s.on('error', () => {});
    s.on('data', (chunk) => {
      for (const m of decoder.push(chunk)) {
        if (m.event === 'frame') continue;
        if (m.event === 'error') out.errorEvent = m;
        else out.replies.push(m);
      }
      if (out.replies.length >= want) finish();
    });
    s.on('close', () => {
      out.closed = true;
      finish();
    });
    // Half-close: a truncated last frame then ends in EOF instead of waiting for bytes that never come.
    s.end(bytes);
  });
}

t.test('protocol fuzzing against a running daemon', async (t) => {
  const dir = tempDir(t);
  // Replies pile up while a 1000-request batch is answered: let them, so the
  // validators see the frames (EBUSY is tested on its own in permissions.test.ts).
  const config = join(dir, 'fuzz.json');
  writeFileSync(config, JSON.stringify({ maxRequestsInFlight: 65536 }));
  const daemon = await startDaemon(dir, ['--log-level', 'info', '--config', config]);
  t.teardown(() => daemon.stop());
  const pid = daemon.child.pid!;
  const fuzz = new FrameFuzzer(SEED);
  t.comment(`seed ${SEED} (SPIFB_FUZZ_SEED to replay)`);

  // The well-behaved client, drawing all along.
  const good = await connect({ socket: daemon.socket, clientName: 'good' });
  t.teardown(() => good.close());
  let goodFrames = 0;
  let goodError: unknown;
  let stop = false;
  const goodLoop = (async () => {
    while (!stop) {
      await good.fill(0x00ff00 + goodFrames % 256, { x: 0, y: 0, w: 8, h: 8 });
      const seq = await good.present();
      await good.waitFrame(seq, 10_000);
      goodFrames++;
    }
  })().catch((err) => (goodError = err));

  const codes = new Set(Object.keys(ERROR_CODES));
  const seen = new Map<string, number>();
  const note = (code: string): void => void seen.set(code, (seen.get(code) ?? 0) + 1);
  let bad: string | undefined;
  const hello = fuzz.encode({ id: 0, op: 'hello', version: 1 });

  // Warm up, then measure.
  await exchange(daemon.socket, Buffer.concat([hello, ...Array.from({ length: 200 }, (_, i) => fuzz.encode(fuzz.request(i + 1)))]), 201);
  const rssBefore = rssKb(pid);
  const started = performance.now();

  let sent = 0;
  let closedEarly = 0;
  let rssMid = 0;
  // Two senders, so generating one batch overlaps the daemon answering the other.
  const sender = async (f: FrameFuzzer): Promise<void> => {
  while (sent < REQUEST_FRAMES) {
    const frames = [hello];
    for (let i = 1; i <= BATCH; i++) frames.push(f.encode(f.request(i)));
    sent += BATCH;
    if (sent === REQUEST_FRAMES / 2) rssMid = rssKb(pid);
    const out = await exchange(daemon.socket, Buffer.concat(frames), BATCH + 1);
    for (const r of out.replies) {
      if (r.ok === true) continue;
      const code = (r.error as { code?: unknown } | undefined)?.code;
      if (r.ok !== false || typeof code !== 'string' || !codes.has(code)) bad ??= `reply without a documented code: ${JSON.stringify(r)}`;
      else note(code);
    }
    if (out.replies.length < BATCH + 1) {
      closedEarly++;
      if (!out.errorEvent) bad ??= `closed after ${out.replies.length} replies without an error event`;
    }
  }
  };
  await Promise.all([sender(fuzz), sender(new FrameFuzzer(SEED + 1))]);
  let mutatedSent = 0;
  let mutatedClosed = 0;
  const perConnection = 20;
  while (mutatedSent < MUTATED_FRAMES) {
    const frames = Array.from({ length: perConnection }, (_, i) => fuzz.mutated(i + 1));
    const out = await exchange(daemon.socket, Buffer.concat(frames), perConnection, 5000).catch(() => ({ replies: [], closed: false, timedOut: true }) as Outcome);
    mutatedSent += perConnection;
    if (out.errorEvent) {
      const code = String(out.errorEvent.code);
      if (code !== 'EBAD_FRAME' && code !== 'EFRAME_TOO_LARGE') bad ??= `error event ${code}`;
      note(`event:${code}`);
      mutatedClosed++;
    }
    for (const r of out.replies) {
      const code = (r.error as { code?: unknown } | undefined)?.code;
      if (r.ok === false && (typeof code !== 'string' || !codes.has(code))) bad ??= `mutated: undocumented ${JSON.stringify(r)}`;
    }
    if (daemon.child.exitCode !== null) break;
  }
  const seconds = (performance.now() - started) / 1000;
  const total = sent + mutatedSent;
  const rssAfter = rssKb(pid);
  stop = true;
  await goodLoop;

  t.equal(daemon.child.exitCode, null, 'the daemon is still running');
  t.equal(bad, undefined, 'every reply carried a documented code; every close came with an error event');
  t.ok(total >= 100_000, `${total} frames (${sent} requests, ${mutatedSent} mutated) in ${seconds.toFixed(1)} s = ${Math.round(total / seconds)} frames/s`);
  t.ok(mutatedClosed > MUTATED_FRAMES / perConnection / 2, `mutated frames closed ${mutatedClosed} connections with an error event`);
  t.ok(closedEarly < sent / BATCH / 10, `well-framed batches closed early: ${closedEarly}`);
  t.ok(rssAfter - rssBefore < 96 * 1024, `RSS ${rssBefore} kB → ${rssMid} kB (half-way) → ${rssAfter} kB`);
  // Bounded, not leaking: the second half of the run adds little to what the first grew.
  // V8 grows its heap lazily, by load-dependent steps, so a fixed small bound
  // is flaky; a leak would make the second half grow as much as the first.
  t.ok(rssAfter - rssMid < Math.max(32 * 1024, 0.8 * (rssMid - rssBefore)), 'RSS levels off: the second half grows less than the first');
  t.equal(goodError, undefined, 'the well-behaved client never saw an error');
  t.ok(goodFrames > 10, `it saw every one of its ${goodFrames} frames arrive`);
  t.comment(`codes: ${[...seen].map(([c, n]) => `${c} ${n}`).join(', ')}`);

  // Every ext type code, one frame (and connection) each, the forms in turn.
  const extStarted = performance.now();
  let extRefused = 0;
  for (let type = 0; type < 256; type++) {
    const out = await exchange(daemon.socket, Buffer.concat([hello, extRequest(1, type, type % 8)]), 2, 5000);
    if (out.errorEvent?.code === 'EBAD_FRAME' && out.replies.length === 1) extRefused++;
  }
  t.equal(extRefused, 256, 'every ext type code, -128..127, in all eight forms: EBAD_FRAME after the hello reply');

  // One heavy request at a time on an otherwise idle daemon: its CPU (all
  // threads) from the send until the reply or close and a short settle, so
  // work it starts — a present's frame — is counted too. A first, unmeasured
  // send compiles the code paths; then the mean of four, since the kernel
  // charges CPU by 10 ms ticks and a garbage collection of what earlier
  // requests left lands on whichever request runs then.
  const heavy: Array<[string, Buffer]> = [
    ...heavyRequests(),
    ['the shared-reference bomb, trailing byte', frameOf(referenceBombBody({ id: 1, op: 'info' }, 'x'), [0xc0])],
  ];
  const heavyStarted = performance.now();
  const costs: Array<[string, number]> = [];
  for (const [what, bytes] of heavy) {
    let before = 0;
    for (let round = 0; round <= 4; round++) {
      if (round === 1) before = cpuMs(pid);
      const out = await exchange(daemon.socket, Buffer.concat([hello, bytes]), 2, 10_000);
      await new Promise((res) => setTimeout(res, 20));
      if (out.replies.length < 2 && !out.errorEvent) bad ??= `${what}: neither a reply nor an error event`;
    }
    costs.push([what, (cpuMs(pid) - before) / 4]);
  }
  t.same(costs.filter(([, mean]) => mean > REQUEST_CPU_MS).map(([w]) => w), [],
    `no request of at most 4 MiB takes more than ${REQUEST_CPU_MS} ms of daemon CPU`);
  t.equal(bad, undefined, 'heavy requests: each got a reply or an error event');
  t.equal(daemon.child.exitCode, null, 'the daemon is still running after the heavy requests');
  t.comment(`daemon CPU per request, mean of 4, ms: ${costs.map(([w, ms]) => `${w} ${ms}`).join('; ')}`);
  t.comment(`ext sweep ${((heavyStarted - extStarted) / 1000).toFixed(1)} s, heavy requests ${((performance.now() - heavyStarted) / 1000).toFixed(1)} s`);
  t.comment(`RSS before ${rssBefore} kB, half-way ${rssMid} kB, after ${rssAfter} kB; ${Math.round(total / seconds)} frames/s`);
});
