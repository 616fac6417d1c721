// Regression: shutting down while a frame backs off on a failing cache sync
// must end the retries, and nothing may touch the shared buffer after it is
// closed. Detected in JS (no reliance on a SIGSEGV): the buffer's close()
// marks it closed and fills it with a sentinel but unmaps only at the very end.
import t from 'tap';
import { SpifbError } from '../../protocol/errors.js';
import { ShmBuffer } from '../../daemon/memory/shm-buffer.js';
import { startWithFaultyBus } from './in-process-daemon.js';
import { tempDir } from '../helpers/daemon-process.js';

t.test('SIGTERM while a frame backs off on a failing sync: close ends, the buffer is never touched after', async (t) => {
  const dir = tempDir(t);
  const realClose = ShmBuffer.prototype.close;
  const syncAfterClose: string[] = [];
  let buf: ShmBuffer | undefined;
  let closed = false;
  const dev = ShmBuffer.prototype.syncForDevice;
  t.teardown(() => { ShmBuffer.prototype.close = realClose; ShmBuffer.prototype.syncForDevice = dev; if (buf) realClose.call(buf); });
  ShmBuffer.prototype.syncForDevice = function () {
    if (closed) syncAfterClose.push('device');
    throw new SpifbError('EBUS', 'sync for device failed (injected)');
  };
  ShmBuffer.prototype.close = function (this: ShmBuffer) { buf = this; closed = true; this.bytes.fill(0xee); };
  const { daemon } = await startWithFaultyBus(dir);
  daemon.display.drawSurface().fill({ x: 0, y: 0, w: 20, h: 20 }, 0xff0000);
  daemon.display.present();
  await new Promise((r) => setTimeout(r, 100)); // a few failed attempts: now in a back-off wait
  const result = await Promise.race([daemon.close().then(() => 'closed'), new Promise((r) => setTimeout(() => r('hung'), 3000))]);
  t.equal(result, 'closed', 'close() resolves although every sync fails');
  t.ok(closed, 'the ring was closed');
  await new Promise((r) => setTimeout(r, 700)); // longer than the back-off reached (≤ 640 ms)
  t.same(syncAfterClose, [], 'no sync after the buffer closed');
  t.ok(buf!.bytes.every((b) => b === 0xee), 'no byte of the buffer written after it closed (no frame packed into the tx area)');
});

t.test('same, with a bus call parked at shutdown (close goes on at once), the buffer is never touched after', async (t) => {
  const dir = tempDir(t);
  const realClose = ShmBuffer.prototype.close;
  const syncAfterClose: string[] = [];
  let buf: ShmBuffer | undefined;
  let closed = false;
  const dev = ShmBuffer.prototype.syncForDevice;
  t.teardown(() => { ShmBuffer.prototype.close = realClose; ShmBuffer.prototype.syncForDevice = dev; if (buf) realClose.call(buf); });
  ShmBuffer.prototype.syncForDevice = function () {
    if (closed) syncAfterClose.push('device');
    throw new SpifbError('EBUS', 'sync for device failed (injected)');
  };
  ShmBuffer.prototype.close = function (this: ShmBuffer) { buf = this; closed = true; this.bytes.fill(0xee); };
  const { daemon, faulty } = await startWithFaultyBus(dir);
  daemon.display.drawSurface().fill({ x: 0, y: 0, w: 20, h: 20 }, 0xff0000);
  daemon.display.present();
  await new Promise((r) => setTimeout(r, 100)); // a few failed attempts: now in a back-off wait
  faulty.failNext(1, 'backlight');
  void daemon.display.setBacklight(10).applied.catch(() => {}); // parks after giveUp: ends close()'s wait
  const result = await Promise.race([daemon.close().then(() => 'closed'), new Promise((r) => setTimeout(() => r('hung'), 5000))]);
  t.equal(result, 'closed', 'close() resolves although every sync fails');
  t.ok(closed, 'the ring was closed');
  await new Promise((r) => setTimeout(r, 700)); // longer than the back-off reached (≤ 640 ms)
  t.same(syncAfterClose, [], 'no sync after the buffer closed');
  t.ok(buf!.bytes.every((b) => b === 0xee), 'no byte of the buffer written after it closed (no frame packed into the tx area)');
});
