import t from 'tap';
import { pino } from 'pino';
import { connect } from '../../../client/connect.js';
import type { Notifier } from '../../../daemon/systemd/notify.js';
import { Service } from '../../../daemon/boot/service.js';
import { watchdogIntervalMs } from '../../../daemon/systemd/watchdog.js';
import { tempDir } from '../../helpers/daemon-process.js';
import { startWithFaultyBus } from '../../fault/in-process-daemon.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

t.test('sd_watchdog_enabled rules', async (t) => {
  t.equal(watchdogIntervalMs({ WATCHDOG_USEC: '10000000', WATCHDOG_PID: '42' }, 42), 5000, 'half of WatchdogSec');
  t.equal(watchdogIntervalMs({ WATCHDOG_USEC: '10000000' }, 42), 5000, 'no WATCHDOG_PID: for us');
  t.equal(watchdogIntervalMs({ WATCHDOG_USEC: '10000000', WATCHDOG_PID: '41' }, 42), undefined, 'another PID');
  t.equal(watchdogIntervalMs({}, 42), undefined);
  const env: NodeJS.ProcessEnv = { WATCHDOG_USEC: '1', WATCHDOG_PID: '1' };
  watchdogIntervalMs(env, 1);
  t.same(env, {}, 'the variables are unset');
});

t.test('pings stop while a bus transfer hangs and resume after it', async (t) => {
  const dir = tempDir(t);
  const { daemon, faulty, config } = await startWithFaultyBus(dir);
  const sent: string[] = [];
  const notifier: Notifier = { send: (m) => (sent.push(m), true), close: () => {} };
  const service = new Service({
    daemon, config, notifier, logger: pino({ level: 'silent' }), watchdogMs: 20,
    readConfig: () => config,
  });
  service.ready();
  t.teardown(async () => {
    service.stopping();
    faulty.release();
    await daemon.close();
  });
  await sleep(100);
  const pings = () => sent.filter((m) => m === 'WATCHDOG=1').length;
  t.ok(pings() >= 3, `pings while healthy (${pings()})`);

  const display = await connect({ socket: daemon.socketPath });
  t.teardown(() => display.close());
  faulty.hang();
  await display.fill(0xffffff);
  await display.present();
  await sleep(80); // past the stall bound (2 × 20 ms)
  const frozen = pings();
  await sleep(150);
  t.equal(pings(), frozen, 'no WATCHDOG=1 while the transfer hangs: systemd would restart us');
  t.ok(daemon.bus.busyMs() > 100, 'the probe sees the hung call');

  faulty.release();
  await sleep(100);
  t.ok(pings() > frozen, 'pings resume once the bus moves again');
  t.match(sent[0], /^READY=1\nSTATUS=/);
});
