import t from 'tap';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDaemonArgs } from '../../../daemon/boot/config-load.js';
import type { DaemonConfig } from '../../../daemon/boot/config-keys.js';
import { resolveId } from '../../../daemon/access/accounts.js';
import { listenFdFromEnv } from '../../../daemon/systemd/activation.js';
import { NO_NOTIFY, notifierFromEnv } from '../../../daemon/systemd/notify.js';
import { AllowList } from '../../../daemon/access/peer-cred.js';
import { planReload } from '../../../daemon/boot/reload.js';
import { sockaddrUn } from '../../../daemon/systemd/sockaddr-un.js';
import { tempDir } from '../../helpers/daemon-process.js';

t.test('sockaddr_un bytes (unix(7))', async (t) => {
  t.same([...sockaddrUn('/s')], [1, 0, 0x2f, 0x73, 0], 'path: family, bytes, NUL');
  t.same([...sockaddrUn('@ab')], [1, 0, 0, 0x61, 0x62], 'abstract: leading NUL, no trailing one');
  t.throws(() => sockaddrUn(`/${'x'.repeat(107)}`), RangeError, '108 bytes leave no room for the NUL');
  t.equal(sockaddrUn(`/${'x'.repeat(106)}`).length, 2 + 108);
});

t.test('sd_listen_fds(3) rules', async (t) => {
  const env: NodeJS.ProcessEnv = { LISTEN_PID: '7', LISTEN_FDS: '1', LISTEN_FDNAMES: 'x' };
  t.equal(listenFdFromEnv(env, 8), undefined, 'for another PID: ignored');
  t.same(env, {}, 'and unset');
  t.equal(listenFdFromEnv({}, 8), undefined, 'not activated');
  t.equal(listenFdFromEnv({ LISTEN_PID: '8', LISTEN_FDS: '0' }, 8), undefined);
  t.throws(() => listenFdFromEnv({ LISTEN_PID: '8', LISTEN_FDS: '2' }, 8), { code: 'EBAD_CONFIG', message: /exactly one ListenStream/ });
});

t.test('NOTIFY_SOCKET: unset, unsupported, unreachable', async (t) => {
  const warnings: string[] = [];
  const log = { warn: (_o: object, m: string) => void warnings.push(m) };
  t.equal(notifierFromEnv({}, log), NO_NOTIFY);
  t.equal(notifierFromEnv({ NOTIFY_SOCKET: 'vsock:2:1' }, log), NO_NOTIFY);
  t.match(warnings, [/neither a path nor an abstract name/]);
  const env: NodeJS.ProcessEnv = { NOTIFY_SOCKET: join(tempDir(t), 'nobody-listens') };
  const n = notifierFromEnv(env, log);
  t.equal(env.NOTIFY_SOCKET, undefined, 'unset so children do not inherit it');
  t.equal(n.send('READY=1'), false, 'a send that cannot arrive is dropped, not thrown');
  t.match(warnings[1], /sd_notify message dropped/);
  n.close();
});

t.test('reload plan: live keys apply, the rest need a restart', async (t) => {
  const base = parseDaemonArgs([], { SPIFB_SOCKET: '/tmp/x' }) as DaemonConfig;
  const next = { ...base, fps: 30, logLevel: 'debug', rotation: 90, 'allow.users': [0] } as DaemonConfig;
  t.same(planReload(base, next), { apply: ['fps', 'logLevel', 'allow.users'], needRestart: ['rotation'] });
  t.same(planReload(base, { ...base }), { apply: [], needRestart: [] });
});

t.test('service config keys are validated, naming the key', async (t) => {
  const dir = tempDir(t);
  const cases: Array<[object, RegExp]> = [
    [{ socketMode: 660 }, /socketMode must be an octal mode string like "0660", got 660/],
    [{ socketMode: '0968' }, /socketMode must be an octal mode/],
    [{ allow: { users: 'root' } }, /allow.users must be an array/],
    [{ allow: { groups: ['video', 'a b'] } }, /allow.groups\[1\] must be a user\/group name/],
    [{ allow: { people: [] } }, /unknown key allow.people; allowed: .*allow.users, allow.groups/],
    [{ maxClients: 0 }, /maxClients must be an integer 1\.\.4096/],
    [{ maxQueuedBytes: 10 }, /maxQueuedBytes must be an integer/],
  ];
  for (const [json, pattern] of cases) {
    const file = join(dir, 'c.json');
    writeFileSync(file, JSON.stringify(json));
    t.throws(() => parseDaemonArgs(['--config', file], { SPIFB_SOCKET: '/tmp/x' }), { code: 'EBAD_CONFIG', message: pattern }, JSON.stringify(json));
  }
  const files = { passwd: 'root:x:0:0::/root:/bin/sh\nspifb:x:998:997::/:/usr/sbin/nologin\n', group: 'video:x:44:spifb\n' };
  t.equal(resolveId('user', 'spifb', 'allow.users[0]', files), 998);
  t.equal(resolveId('group', 'video', 'socketGroup', files), 44);
  t.equal(resolveId('group', 12, 'socketGroup', files), 12);
  t.throws(() => resolveId('group', 'spi', 'allow.groups[2]', files), { code: 'EBAD_CONFIG', message: /allow.groups\[2\]: no group named "spi"/ });
});

t.test('allow-list decisions', async (t) => {
  const peer = { pid: 1, uid: 1000, gid: 1000, groups: [44, 27] };
  t.ok(new AllowList([], []).allows(peer), 'no list: everyone (the file mode decides)');
  t.ok(new AllowList([1000], []).allows(peer), 'by uid');
  t.ok(new AllowList([], [44]).allows(peer), 'by a supplementary group');
  t.ok(new AllowList([], [1000]).allows(peer), 'by the primary group');
  t.notOk(new AllowList([0], [45]).allows(peer), 'neither');
  t.notOk(new AllowList([1], []).allows({ ...peer, uid: 0, gid: 0, groups: [] }), 'root is not implicitly allowed');
});
