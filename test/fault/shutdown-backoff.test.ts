// Regression: shutting down while a frame backs off on a failing cache sync
// must end the retries, and nothing may touch the shared memory after it is
// closed. Detected in JS (no reliance on a SIGSEGV): each buffer's close()
// marks it closed and fills it with a sentinel, and unmaps only at teardown.
import t from 'tap';
import type tap from 'tap';
import { SpifbError } from '../../protocol/errors.js';
import { ShmBuffer } from '../../daemon/memory/shm-buffer.js';
import { startWithFaultyBus } from './in-process-daemon.js';
import { tempDir } from '../helpers/daemon-process.js';

type Tap = Pick<typeof tap, 'teardown' | 'ok' | 'equal'>;

/** Every sync fails; close() only poisons the memory. Returns what happened after close. */
function poisonedBuffers(t: Tap): { closed: ShmBuffer[]; syncsAfterClose: () => number } {
  const realClose = ShmBuffer.prototype.close;
  const realSync = ShmBuffer.prototype.syncForDevice;
  const closed: ShmBuffer[] = [];
  let syncs = 0;
  t.teardown(() => {
    ShmBuffer.prototype.close = realClose;
    ShmBuffer.prototype.syncForDevice = realSync;
    for (const b of closed) realClose.call(b);
  });
  ShmBuffer.prototype.syncForDevice = function () {
    if (closed.length > 0) syncs++;
    throw new SpifbError('EBUS', 'sync for device failed (injected)');
  };
  ShmBuffer.prototype.close = function (this: ShmBuffer) {
    closed.push(this);
    this.bytes.fill(0xee);
  };
  return { closed, syncsAfterClose: () => syncs };
}

async function checkUntouched(t: Tap, closed: ShmBuffer[], syncsAfterClose: () => number): Promise<void> {
  t.ok(closed.length > 0, 'the ring was closed');
  await new Promise((r) => setTimeout(r, 700)); // longer than the back-off reached (≤ 640 ms)
  t.equal(syncsAfterClose(), 0, 'no sync after the memory closed');
  t.ok(closed.every((b) => b.bytes.every((v) => v === 0xee)), 'no byte of any closed buffer written after it closed (no frame packed into the tx area)');
}

t.test('SIGTERM while a frame backs off on a failing sync: close ends, the memory is never touched after', async (t) => {
  const { closed, syncsAfterClose } = poisonedBuffers(t);
  const { daemon } = await startWithFaultyBus(tempDir(t));
  daemon.display.drawSurface().fill({ x: 0, y: 0, w: 20, h: 20 }, 0xff0000);
  daemon.display.present();
  await new Promise((r) => setTimeout(r, 100)); // a few failed attempts: now in a back-off wait
  const result = await Promise.race([daemon.close().then(() => 'closed'), new Promise((r) => setTimeout(() => r('hung'), 3000))]);
  t.equal(result, 'closed', 'close() resolves although every sync fails');
  await checkUntouched(t, closed, syncsAfterClose);
});

t.test('same, with a bus call parked at shutdown (close goes on at once)', async (t) => {
  const { closed, syncsAfterClose } = poisonedBuffers(t);
  const { daemon, faulty } = await startWithFaultyBus(tempDir(t));
  daemon.display.drawSurface().fill({ x: 0, y: 0, w: 20, h: 20 }, 0xff0000);
  daemon.display.present();
  await new Promise((r) => setTimeout(r, 100));
  faulty.failNext(1, 'backlight');
  void daemon.display.setBacklight(10).applied.catch(() => {}); // parks after giveUp: ends close()'s wait
  const result = await Promise.race([daemon.close().then(() => 'closed'), new Promise((r) => setTimeout(() => r('hung'), 5000))]);
  t.equal(result, 'closed', 'close() resolves although every sync fails');
  await checkUntouched(t, closed, syncsAfterClose);
});
