import t from 'tap';
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { Connection } from '../../client/connection.js';
import { connect } from '../../client/connect.js';
import { trustedUids } from '../../client/peer-check.js';
import { tempDir } from '../helpers/daemon-process.js';

// Issue 12, finding 12 (client side): with no /run/spifb and no
// $XDG_RUNTIME_DIR both ends use /tmp/spifb-fb0.sock, which another user can
// create first and serve a fake `map` on. The client now asks SO_PEERCRED who
// listens and refuses any uid but root, its own or the configured one, before
// it sends or parses a byte. A listener of another uid needs root to set up.

const OTHER_UID = 65534; // nobody
const sleep = (ms: number) => new Promise((res) => setTimeout(res, ms));

/** A listener run as `uid` that reports how many bytes any client sent it. */
async function squatter(t: Parameters<typeof tempDir>[0], uid: number): Promise<{ path: string; received(): number; proc: ChildProcess }> {
  const dir = tempDir(t);
  chmodSync(dir, 0o1777); // like /tmp
  const path = join(dir, 'spifb-fb0.sock');
  const script = `let n = 0; require('node:net').createServer((s) => s.on('data', (d) => { n += d.length; process.stdout.write(String(n) + '\\n'); }))
    .listen(${JSON.stringify(path)}, () => process.stdout.write('listening\\n'));`;
  const proc = spawn(process.execPath, ['-e', script], { uid, gid: uid, stdio: ['ignore', 'pipe', 'inherit'] });
  t.teardown(() => proc.kill());
  let out = '';
  proc.stdout!.on('data', (d) => (out += d));
  for (let i = 0; i < 100 && !out.includes('listening'); i++) await sleep(50);
  if (!existsSync(path)) throw new Error('the squatter did not listen');
  return { path, proc, received: () => Number(out.trim().split('\n').pop()) || 0 };
}

t.test('trusted uids: root, our own, the configured one', async (t) => {
  t.same([...trustedUids({}, {})].sort(), [...new Set([0, process.getuid!()])].sort());
  t.ok(trustedUids({ daemonUid: 990 }, {}).has(990));
  t.ok(trustedUids({}, { SPIFB_DAEMON_UID: '991' }).has(991));
  t.throws(() => trustedUids({}, { SPIFB_DAEMON_UID: 'spifb' }), { code: 'EUNTRUSTED_DAEMON' }, 'a name is not a uid');
});

t.test('a socket squatted by another uid is refused before a byte is sent', { skip: process.getuid!() !== 0 && 'needs root to run a listener as another uid' }, async (t) => {
  const fake = await squatter(t, OTHER_UID);
  const err = await connect({ socket: fake.path, timeoutMs: 2000 }).then((d) => {
    d.close();
    return undefined;
  }, (e: Error & { code?: string }) => e);
  t.match(err, { code: 'EUNTRUSTED_DAEMON', message: new RegExp(`served by uid ${OTHER_UID}, not by root or a trusted uid`) }, 'connect() rejects');
  t.match(err?.message, /SPIFB_DAEMON_UID=65534/, 'and says how to trust it if it is ours');
  await sleep(200);
  t.equal(fake.received(), 0, 'the squatter received nothing (no hello, no map request)');

  const conn = await Connection.open(fake.path, 2000, undefined, { daemonUid: OTHER_UID });
  conn.request('hello', { version: 1 }).catch(() => {}); // the squatter never answers
  await sleep(200);
  t.ok(fake.received() > 0, 'with daemonUid naming that uid the connection is made and carries bytes');
  conn.close();
  process.env.SPIFB_DAEMON_UID = String(OTHER_UID);
  t.teardown(() => delete process.env.SPIFB_DAEMON_UID);
  const before = fake.received();
  const viaEnv = await Connection.open(fake.path, 2000);
  viaEnv.request('hello', { version: 1 }).catch(() => {});
  await sleep(200);
  t.ok(fake.received() > before, 'and with $SPIFB_DAEMON_UID');
  viaEnv.close();
});
