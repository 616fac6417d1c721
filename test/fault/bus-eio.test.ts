import t from 'tap';
import { connect } from '../../client/connect.js';
import type { RetryEvent } from '../../daemon/bus/retry-bus.js';
import { tempDir } from '../helpers/daemon-process.js';
import { startWithFaultyBus } from './in-process-daemon.js';

// EIO from the bus: logged, retried with backoff, counted, and the frame
// still reaches the glass — the daemon never exits over it.

const at = (px: Uint8Array, x: number, y: number): number[] => [...px.subarray((y * 240 + x) * 3, (y * 240 + x) * 3 + 3)];

t.test('failed transfers are retried with backoff and the frame arrives whole', async (t) => {
  const dir = tempDir(t);
  // Small delays so the test is quick; the policy is the point, not the numbers.
  const { daemon, faulty, logs } = await startWithFaultyBus(dir, { busRetryMs: 2, busRetryMaxMs: 16 });
  t.teardown(() => daemon.close());
  const retries: RetryEvent[] = [];
  daemon.bus.on('retry', (e) => retries.push(e));

  const display = await connect({ socket: daemon.socketPath });
  t.teardown(() => display.close());
  await display.fill(0x00ff00);
  await display.waitFrame(await display.present());

  // Six failures in a row on whatever comes next, then a small rect whose
  // pixels fail twice more: its program is retried whole, the window registers first.
  faulty.failNext(6);
  await display.fill(0xff0000);
  await display.waitFrame(await display.present());
  faulty.failNext(2, 'run');
  await display.fill(0x0000ff, { x: 10, y: 10, w: 20, h: 20 });
  const frame = await display.waitFrame(await display.present());
  t.ok(frame, 'the frame event came');

  const shot = await display.snapshot();
  t.same(at(shot.pixels, 15, 15), [0, 0, 255], 'the retried window holds the blue rect');
  t.same(at(shot.pixels, 5, 5), [255, 0, 0], 'outside it the red frame, not shifted pixels');
  t.same(at(shot.pixels, 239, 319), [255, 0, 0]);

  t.equal(faulty.injected, 8);
  t.match(daemon.bus.faults, { failures: 8, recoveries: 2, failing: false, lastError: /EIO/ }, 'counted');
  t.match(await display.stats(), { busFailures: 8, busRecoveries: 2, busFailing: false }, 'and shown by the stats op');
  t.same(retries.map((r) => r.delayMs), [2, 4, 8, 16, 16, 16, 2, 4], 'exponential backoff, capped, reset after recovery');
  t.equal(logs.filter((l) => l.msg === 'bus transfer failed; retrying').length, 8, 'each failure logged');
  t.equal(logs.filter((l) => l.msg === 'bus recovered').length, 2);
});

t.test('a bus failing during panel init delays start-up instead of failing it', async (t) => {
  const dir = tempDir(t);
  const started = Date.now();
  const { daemon, faulty } = await startWithFaultyBus(dir, { busRetryMs: 1 }, (f) => f.failNext(5, 'reset'));
  t.teardown(() => daemon.close());
  t.equal(faulty.injected, 5, 'five resets failed');
  t.equal(faulty.calls.reset, 6, 'the sixth went through');
  t.equal(daemon.bus.faults.recoveries, 1);
  t.ok(Date.now() - started < 5000);
  const display = await connect({ socket: daemon.socketPath });
  t.teardown(() => display.close());
  t.equal(display.width, 240, 'and then it serves');
});

t.test('on shutdown a dead bus is given up on, not waited for', async (t) => {
  const dir = tempDir(t);
  const { daemon, faulty } = await startWithFaultyBus(dir);
  const display = await connect({ socket: daemon.socketPath });
  faulty.failNext(1_000_000);
  await display.fill(0x123456);
  await display.present();
  await new Promise((r) => setTimeout(r, 100));
  t.ok(daemon.bus.faults.failing, 'the bus is failing');
  display.close();
  const t0 = Date.now();
  await daemon.close();
  t.ok(Date.now() - t0 < 1000, 'close() returned promptly');
});
