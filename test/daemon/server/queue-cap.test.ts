import t from 'tap';
import { readFileSync, writeFileSync } from 'node:fs';
import { createConnection, type Socket } from 'node:net';
import { join } from 'node:path';
import { encodeFrame } from '../../../protocol/framing.js';
import { startDaemon, tempDir, type DaemonProcess } from '../../helpers/daemon-process.js';
import { RawClient } from '../../helpers/raw-client.js';

// Issue 12, finding 10: clients that request snapshots and never read them
// made the daemon hold every reply (32 MiB per client × 64 clients, ~2 GB).
// Here 12 such clients each ask for ~14 MB of snapshots, under the per-client
// limit, so only a daemon-wide cap stops them. Before the cap the daemon's
// RSS grew by ~170 MB and stayed there; now it stays within the cap plus
// working memory, a reading client is served all along, and the daemon lives.

const MiB = 1024 * 1024;
const CAP = 16 * MiB;
const ATTACKERS = 12;
/** 240×320 rgb888 ≈ 230 KB a reply: 60 of them stay under the per-client 16 MiB. */
const SNAPSHOTS_EACH = 60;

/** VmRSS and VmHWM (peak RSS) of a process in bytes, from /proc/PID/status (proc(5)). */
function memory(pid: number): { rss: number; hwm: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string): number => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)![1]) * 1024;
  return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
}

const sleep = (ms: number) => new Promise((res) => setTimeout(res, ms));

/** Connect, send hello and `n` snapshot requests, and never read a byte. */
function nonReader(path: string, n: number): Promise<Socket> {
  return new Promise((res, rej) => {
    const s = createConnection(path, () => {
      s.pause();
      const frames = [encodeFrame({ id: 1, op: 'hello', version: 1 })];
      for (let i = 0; i < n; i++) frames.push(encodeFrame({ id: i + 2, op: 'snapshot' }));
      s.write(Buffer.concat(frames));
      res(s);
    });
    s.on('error', () => {});
    s.once('error', rej);
  });
}

function startCapped(t: Parameters<typeof tempDir>[0]): Promise<DaemonProcess> {
  const dir = tempDir(t);
  const config = join(dir, 'limits.json');
  writeFileSync(config, JSON.stringify({ maxQueuedBytes: 16 * MiB, maxQueuedBytesTotal: CAP, maxClientsPerUid: 64 }));
  return startDaemon(dir, ['--config', config]);
}

t.test('snapshot requests nobody reads: RSS stays bounded, a reading client is served', async (t) => {
  const daemon = await startCapped(t);
  t.teardown(() => daemon.stop());
  const pid = daemon.child.pid!;
  const good = await RawClient.connect(daemon.socket);
  t.teardown(() => good.close());
  t.match(await good.call({ id: 1, op: 'hello', version: 1 }), { ok: true });
  t.match(await good.call({ id: 2, op: 'snapshot' }), { ok: true }, 'warm-up snapshot');
  await sleep(300);
  const before = memory(pid);

  const attackers: Socket[] = [];
  for (let i = 0; i < ATTACKERS; i++) attackers.push(await nonReader(daemon.socket, SNAPSHOTS_EACH));
  t.teardown(() => attackers.forEach((s) => s.destroy()));

  // The reading client goes on while the others pile up.
  let served = 0;
  for (let id = 3; id < 23; id++) {
    const reply = await good.call({ id, op: 'snapshot' });
    if (reply?.ok === true) served++;
  }
  await sleep(1000);
  const after = memory(pid);
  const growth = after.hwm - before.rss;
  t.comment(`daemon RSS: ${(before.rss / MiB).toFixed(1)} MiB before; peak ${(after.hwm / MiB).toFixed(1)} MiB, now ${(after.rss / MiB).toFixed(1)} MiB`
    + ` with ${ATTACKERS} non-reading clients asking for ${((ATTACKERS * SNAPSHOTS_EACH * 230_400) / MiB).toFixed(0)} MiB of snapshots (cap ${CAP / MiB} MiB)`);
  t.equal(served, 20, 'every snapshot of the reading client is answered ok');
  t.ok(growth < CAP + 48 * MiB, `peak RSS grew by ${(growth / MiB).toFixed(1)} MiB, within the cap plus working memory`);
  // V8 gives freed heap back lazily: the bound is loose, but far below the +193 MiB that stayed without the cap.
  t.ok(after.rss - before.rss < CAP + 64 * MiB, `RSS now ${((after.rss - before.rss) / MiB).toFixed(1)} MiB above the start`);
  t.match(await good.call({ id: 99, op: 'info' }), { id: 99, ok: true }, 'still served');
  t.equal(daemon.child.exitCode, null, 'daemon alive');
  t.match(daemon.output(), /daemon-wide reply queue is full/, 'the drop is logged with its reason');
});
