import t from 'tap';
import { spawn } from 'node:child_process';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startDaemon, tempDir, type DaemonProcess } from '../../helpers/daemon-process.js';
import { RawClient } from '../../helpers/raw-client.js';

// Issue 12, finding 11: 64 connections that never said hello held every
// place for as long as they stayed open, one uid could take them all, and
// each refusal was a warning line. Now an ungreeted connection is closed
// after helloTimeoutMs, a uid gets maxClientsPerUid places, and refusals are
// one line per window.

const sleep = (ms: number) => new Promise((res) => setTimeout(res, ms));

function within<T>(ms: number, what: string, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout;
  const late = new Promise<never>((_, rej) => (timer = setTimeout(() => rej(new Error(`${what}: nothing within ${ms} ms`)), ms)));
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

async function start(t: Parameters<typeof tempDir>[0], limits: object): Promise<DaemonProcess> {
  const dir = tempDir(t);
  const config = join(dir, 'limits.json');
  writeFileSync(config, JSON.stringify(limits));
  const daemon = await startDaemon(dir, ['--config', config]);
  t.teardown(() => daemon.stop());
  return daemon;
}

async function greeted(t: { teardown(fn: () => void): void }, path: string): Promise<RawClient> {
  const c = await RawClient.connect(path);
  t.teardown(() => c.close());
  const hello = await c.call({ id: 1, op: 'hello', version: 1 });
  if (hello?.ok !== true) throw new Error(`hello failed: ${JSON.stringify(hello)}`);
  return c;
}

const warnLines = (daemon: DaemonProcess, re: RegExp): number =>
  daemon.output().split('\n').filter((l) => l.startsWith('{') && re.test((JSON.parse(l) as { msg?: string }).msg ?? '')).length;

t.test('idle connections are closed after helloTimeoutMs and no longer lock others out', async (t) => {
  const daemon = await start(t, { maxClients: 8, maxClientsPerUid: 8, helloTimeoutMs: 400 });
  const idle = await Promise.all(Array.from({ length: 8 }, () => RawClient.connect(daemon.socket)));
  t.teardown(() => idle.forEach((c) => c.close()));
  const locked = await RawClient.connect(daemon.socket);
  t.match(await locked.next(), { event: 'error', code: 'EBUSY' }, 'all places taken at first');
  const events = await within(3000, 'idle clients closed', Promise.all(idle.map(async (c) => {
    const ev = await c.next();
    await c.closedByPeer();
    return ev;
  })));
  for (const ev of events) t.match(ev, { event: 'error', code: 'ENO_HELLO', message: /no hello within 400 ms/ });
  const late = await greeted(t, daemon.socket);
  t.match(await late.call({ id: 2, op: 'info' }), { id: 2, ok: true }, 'a new client is served once the idle ones are gone');
  await sleep(600);
  t.match(await late.call({ id: 3, op: 'info' }), { id: 3, ok: true }, 'a greeted client is never timed out');
  t.equal(daemon.child.exitCode, null, 'daemon alive');
});

t.test('one uid gets maxClientsPerUid places; other uids still get in', async (t) => {
  const daemon = await start(t, { maxClients: 8, maxClientsPerUid: 4, socketMode: '0666' });
  for (let i = 0; i < 4; i++) await greeted(t, daemon.socket);
  const fifth = await RawClient.connect(daemon.socket);
  t.match(await within(2000, 'fifth refused', fifth.next()), { event: 'error', code: 'EBUSY', message: new RegExp(`uid ${process.getuid!()} already has 4 connections`) });
  await within(2000, 'fifth closed', fifth.closedByPeer());

  if (process.getuid!() !== 0) {
    t.comment('skipped: another uid connecting needs root to run a client as another user');
    return;
  }
  // The same attack from root cannot lock out a client of another user (nobody, 65534).
  chmodSync(daemon.dir, 0o755);
  const script = `const s = require('node:net').createConnection(${JSON.stringify(daemon.socket)});
    const hello = Buffer.from([0x83, 0xa2, 0x69, 0x64, 0x01, 0xa2, 0x6f, 0x70, 0xa5, 0x68, 0x65, 0x6c, 0x6c, 0x6f, 0xa7, 0x76, 0x65, 0x72, 0x73, 0x69, 0x6f, 0x6e, 0x01]);
    const len = Buffer.alloc(4); len.writeUInt32BE(hello.length);
    s.on('connect', () => s.write(Buffer.concat([len, hello])));
    s.on('data', (d) => { process.stdout.write(d.includes(Buffer.from('ok')) && d.includes(0xc3) ? 'served' : 'refused'); s.destroy(); });
    s.on('error', (e) => { process.stdout.write('error ' + e.code); });`;
  const child = spawn(process.execPath, ['-e', script], { uid: 65534, gid: 65534, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  await within(5000, 'other uid', new Promise((res) => child.once('exit', res)));
  t.equal(out, 'served', 'a client of uid 65534 is served while root holds its 4 places');
  t.equal(daemon.child.exitCode, null, 'daemon alive');
});

t.test('refused connections are logged once per window, with a count', async (t) => {
  const daemon = await start(t, { maxClients: 2, maxClientsPerUid: 2 });
  await greeted(t, daemon.socket);
  await greeted(t, daemon.socket);
  for (let i = 0; i < 40; i++) {
    const c = await RawClient.connect(daemon.socket);
    t.teardown(() => c.close());
    await c.next();
  }
  await sleep(200);
  t.equal(warnLines(daemon, /refused|too many clients/), 1, '40 refusals, one warning line');
  t.match(daemon.output(), /"reason":"maxClients"/, 'the line says why');
});
