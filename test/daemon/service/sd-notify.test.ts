import t from 'tap';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as libc from '../../../daemon/sys/libc.js';
import { tempDir } from '../../helpers/daemon-process.js';
import { RawClient } from '../../helpers/raw-client.js';
import { exited, launchDaemon, listeningSocket, NotifyReceiver } from './systemd-side.js';

// The test is systemd: it binds the notify socket, opens the listening socket
// the .socket unit would, and starts spifbd with the variables systemd sets.

t.test('socket activation, READY/STATUS/WATCHDOG/RELOADING/STOPPING in order', async (t) => {
  const dir = tempDir(t);
  const socketPath = join(dir, 'activated.sock');
  const listenFd = listeningSocket(socketPath);
  const notify = new NotifyReceiver(`@spifb-test-${process.pid}-${Math.random().toString(36).slice(2)}`);
  t.teardown(() => notify.close());
  const config = join(dir, 'fb0.json');
  writeFileSync(config, JSON.stringify({ fps: 10 }));
  const ownSocket = join(dir, 'not-used.sock');
  const d = launchDaemon({
    listenFd, watchdogPid: 'self',
    env: { NOTIFY_SOCKET: notify.address, WATCHDOG_USEC: '200000' },
    flags: ['--config', config, '--socket', ownSocket],
  });
  libc.close(listenFd); // systemd keeps its copy; ours is not needed after the fork
  t.teardown(() => d.child.kill('SIGKILL'));

  const ready = await notify.waitFor(/^READY=1$/m);
  t.equal(ready, 0, 'READY=1 is the first message');
  t.match(notify.messages[ready], /^STATUS=ili9341 240x320; 0\.0 fps \(cap 10\); 0 clients; bus errors 0$/m, 'STATUS= with the fps');

  const client = await RawClient.connect(socketPath);
  t.teardown(() => client.close());
  t.match(await client.call({ id: 1, op: 'hello', version: 1 }), { ok: true }, 'served on the socket systemd passed');
  t.match(await client.call({ id: 2, op: 'info' }), { ok: true, result: { fps: 10, rotation: 0 } });
  t.notOk(existsSync(ownSocket), 'no socket of its own when activated');

  // WatchdogSec=200ms → a ping every 100 ms.
  let pings = notify.messages.filter((m) => m === 'WATCHDOG=1').length;
  const start = Date.now();
  while (pings < 4 && Date.now() - start < 3000) {
    await new Promise((r) => setTimeout(r, 50));
    pings = notify.messages.filter((m) => m === 'WATCHDOG=1').length;
  }
  t.ok(pings >= 4, `WATCHDOG=1 pings keep coming (${pings})`);

  // SIGHUP: fps changes live, rotation is reported as needing a restart.
  writeFileSync(config, JSON.stringify({ fps: 25, rotation: 90 }));
  const before = notify.messages.length;
  d.child.kill('SIGHUP');
  const reloading = await notify.waitFor(/^RELOADING=1$/m, 5000, before);
  t.match(notify.messages[reloading], /^MONOTONIC_USEC=\d+$/m);
  const readyAgain = await notify.waitFor(/^READY=1$/m, 5000, reloading + 1);
  t.match(notify.messages[readyAgain], /restart needed for rotation/);
  t.match(await client.call({ id: 3, op: 'info' }), { ok: true, result: { fps: 25, rotation: 0 } }, 'fps live, rotation kept');
  t.match(d.output(), /only a restart applies them: rotation/);

  d.child.kill('SIGTERM');
  t.equal(await exited(d.child), 0);
  notify.waitFor(/never/, 50).catch(() => {}); // drain what is left
  await new Promise((r) => setTimeout(r, 50));
  const stopping = notify.messages.findIndex((m) => /^STOPPING=1$/m.test(m));
  t.ok(stopping > readyAgain, 'STOPPING=1 after the reload');
  t.equal(stopping, notify.messages.length - 1, 'STOPPING=1 is the last message: no ping after it');
  t.ok(existsSync(socketPath), 'the activated socket is left to systemd');
});

t.test('a path NOTIFY_SOCKET; variables for another PID are ignored', async (t) => {
  const dir = tempDir(t);
  const notify = new NotifyReceiver(join(dir, 'notify.sock'));
  t.teardown(() => notify.close());
  const decoy = listeningSocket(join(dir, 'decoy.sock'));
  const own = join(dir, 'own.sock');
  const d = launchDaemon({
    listenFd: decoy, listenPid: '1', watchdogPid: '1',
    env: { NOTIFY_SOCKET: notify.address, WATCHDOG_USEC: '100000' },
    flags: ['--socket', own],
  });
  libc.close(decoy);
  t.teardown(() => d.child.kill('SIGKILL'));
  await notify.waitFor(/^READY=1$/m);
  t.ok(existsSync(own), 'LISTEN_PID of another process: the daemon made its own socket');
  const client = await RawClient.connect(own);
  t.match(await client.call({ id: 1, op: 'hello', version: 1 }), { ok: true });
  client.close();
  await new Promise((r) => setTimeout(r, 400));
  t.notOk(notify.messages.some((m) => m.includes('WATCHDOG=1')), 'WATCHDOG_PID of another process: no pings');
  d.child.kill('SIGTERM');
  t.equal(await exited(d.child), 0);
});
