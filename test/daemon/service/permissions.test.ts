import t from 'tap';
import { createConnection } from 'node:net';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeFrame, FrameDecoder } from '../../../protocol/framing.js';
import { startDaemon, tempDir, type DaemonProcess } from '../../helpers/daemon-process.js';
import { RawClient } from '../../helpers/raw-client.js';

const uid = process.getuid!();
const gid = process.getgid!();

async function withConfig(t: { teardown(fn: () => unknown): void }, settings: object): Promise<{ daemon: DaemonProcess; file: string }> {
  const dir = tempDir(t);
  const file = join(dir, 'fb0.json');
  writeFileSync(file, JSON.stringify(settings));
  const daemon = await startDaemon(dir, ['--config', file]);
  t.teardown(() => daemon.stop());
  return { daemon, file };
}

async function waitLog(d: DaemonProcess, pattern: RegExp, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!pattern.test(d.output())) {
    if (Date.now() > end) throw new Error(`no log ${pattern}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function vmRssKb(pid: number): number {
  return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]);
}

t.test('the socket file gets socketMode and socketGroup', async (t) => {
  const { daemon } = await withConfig(t, { socketMode: '0660', socketGroup: gid });
  const st = statSync(daemon.socket);
  t.equal(st.mode & 0o777, 0o660);
  t.equal(st.gid, gid);
  const { daemon: d2 } = await withConfig(t, { socketMode: '0600' });
  t.equal(statSync(d2.socket).mode & 0o777, 0o600);
});

t.test('SO_PEERCRED allow-list, changed live by SIGHUP', async (t) => {
  const { daemon, file } = await withConfig(t, { allow: { users: [65534], groups: [65533] } });
  const refused = await RawClient.connect(daemon.socket);
  t.equal(await refused.call({ id: 1, op: 'hello', version: 1 }), undefined, 'not on the list: closed without a reply');
  await waitLog(daemon, /client not in allow.users\/allow.groups; refusing/);
  t.match(daemon.output(), new RegExp(`"uid":${uid}`), 'the refusal names the uid');

  writeFileSync(file, JSON.stringify({ allow: { users: [65534], groups: [gid] } }));
  daemon.child.kill('SIGHUP');
  await waitLog(daemon, /config reloaded/);
  const byGroup = await RawClient.connect(daemon.socket);
  t.teardown(() => byGroup.close());
  t.match(await byGroup.call({ id: 1, op: 'hello', version: 1 }), { ok: true }, 'admitted by its group after the reload');

  writeFileSync(file, JSON.stringify({ allow: { users: [uid] } }));
  daemon.child.kill('SIGHUP');
  await waitLog(daemon, /config reloaded[\s\S]*config reloaded/);
  const byUser = await RawClient.connect(daemon.socket);
  t.teardown(() => byUser.close());
  t.match(await byUser.call({ id: 1, op: 'hello', version: 1 }), { ok: true }, 'admitted by its uid');
});

t.test('maxClients: one more is refused with EBUSY', async (t) => {
  const { daemon } = await withConfig(t, { maxClients: 2 });
  const a = await RawClient.connect(daemon.socket);
  const b = await RawClient.connect(daemon.socket);
  t.teardown(() => (a.close(), b.close()));
  t.match(await a.call({ id: 1, op: 'hello', version: 1 }), { ok: true });
  t.match(await b.call({ id: 1, op: 'hello', version: 1 }), { ok: true });
  const c = await RawClient.connect(daemon.socket);
  t.match(await c.next(), { event: 'error', code: 'EBUSY' });
  await c.closedByPeer();
  a.close();
  await new Promise((r) => setTimeout(r, 100));
  const d = await RawClient.connect(daemon.socket);
  t.teardown(() => d.close());
  t.match(await d.call({ id: 1, op: 'hello', version: 1 }), { ok: true }, 'room again once one left');
});

/** A client that writes requests and does not read (its socket is paused). */
async function deafClient(path: string, requests: number) {
  const s = createConnection(path);
  const closed = new Promise((r) => s.once('close', r));
  await new Promise((r) => s.once('connect', r));
  s.on('error', () => {});
  s.write(encodeFrame({ id: 0, op: 'hello', version: 1 }));
  s.pause();
  for (let i = 1; i <= requests; i++) s.write(encodeFrame({ id: i, op: 'snapshot' }));
  return Object.assign(s, { whenClosed: closed });
}

t.test('a client that never reads is disconnected at maxQueuedBytes; memory stays bounded', async (t) => {
  const { daemon } = await withConfig(t, { maxQueuedBytes: 1024 * 1024 });
  const pid = daemon.child.pid!;
  const before = vmRssKb(pid);
  const deaf = await deafClient(daemon.socket, 400); // 400 × 230 KB replies ≈ 92 MB if it were kept
  await waitLog(daemon, /client does not read; disconnecting/);
  const after = vmRssKb(pid);
  t.ok(after - before < 64 * 1024, `RSS ${before} → ${after} kB`);
  deaf.resume();
  await deaf.whenClosed;
  const good = await RawClient.connect(daemon.socket);
  t.teardown(() => good.close());
  t.match(await good.call({ id: 1, op: 'hello', version: 1 }), { ok: true }, 'others are served');
});

t.test('maxRequestsInFlight: requests past the unread replies get EBUSY, in order', async (t) => {
  const { daemon } = await withConfig(t, { maxRequestsInFlight: 4 });
  const n = 60;
  const deaf = await deafClient(daemon.socket, n);
  await new Promise((r) => setTimeout(r, 300));
  const replies: Array<Record<string, unknown>> = [];
  const decoder = new FrameDecoder(64 * 1024 * 1024);
  deaf.on('data', (c) => replies.push(...decoder.push(c).filter((m) => m.event === undefined)));
  deaf.resume();
  const end = Date.now() + 5000;
  while (replies.length < n + 1 && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
  deaf.destroy();
  t.equal(replies.length, n + 1, 'every request got exactly one reply');
  t.same(replies.map((r) => r.id), [...Array(n + 1).keys()], 'in request order');
  const busy = replies.filter((r) => (r.error as { code?: string } | undefined)?.code === 'EBUSY').length;
  const ok = replies.filter((r) => r.ok === true).length - 1;
  t.ok(busy >= n / 2, `most were refused (${busy} EBUSY, ${ok} served)`);
  t.ok(ok >= 4, 'the first few were served');
});
