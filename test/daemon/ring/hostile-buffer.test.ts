import t, { type Test } from 'tap';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, fstatSync, openSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { connect } from '../../../client/connect.js';
import {
  closeFd, F_SEAL_GROW, F_SEAL_SEAL, F_SEAL_SHRINK, FdError, mapShared, PROT_READ, PROT_WRITE, seals, truncate,
} from '../../../client/fd-passing.js';
import { SharedBuffer } from '../../../client/shared-buffer.js';
import { convertPixels } from '../../../protocol/pixel-format.js';
import { startDaemon, tempDir, type DaemonProcess } from '../../helpers/daemon-process.js';
import { mapDescriptors } from '../../helpers/map-client.js';
import { prng } from '../../helpers/prng.js';
import { DAEMON_JS, DAEMON_NODE, scaled } from '../../helpers/target.js';
import { firstDifference, quantise565, testImage } from '../../helpers/test-image.js';

// Issue 12, items 3-6, 8, 9: hostile clients of the shared memory, against
// the real daemon. Before: one ftruncate of /dev/shm/spifb-fb-<pid>.buf
// killed the daemon (SIGBUS); a full /dev/shm killed it on the first
// present; a symlink at that predictable path was followed (O_CREAT|O_TRUNC);
// the tx area lay in every client's mapping; one write into the header page
// locked later zero-copy clients out (EINTERNAL "is not a spifb buffer");
// every SIGKILL left a file behind. Now clients get two sealed memfds.

const ERRNO = { EPERM: 1, EACCES: 13, EINVAL: 22 };
const SHM = '/dev/shm';
const errnoOf = (fn: () => unknown): number | undefined => {
  try {
    fn();
    return undefined;
  } catch (err) {
    return (err as FdError).errno;
  }
};
const spifbShmFiles = (): string[] => (existsSync(SHM) ? readdirSync(SHM).filter((f) => f.startsWith('spifb')).sort() : []);

/** A present through the SDK shows `seed`'s test image: the daemon is alive and the ring works. */
async function presentsRight(t: Test, daemon: DaemonProcess, what: string): Promise<void> {
  const display = await connect({ socket: daemon.socket });
  try {
    const frame = await display.acquire();
    const image = testImage(240, 320);
    convertPixels(image, 0, 'rgb888', frame.pixels, 0, 'rgb565', 240 * 320);
    await display.waitFrame(await frame.present());
    const shot = await display.snapshot();
    t.equal(firstDifference(shot.pixels, quantise565(image), 240), null, what);
  } finally {
    display.close();
  }
}

t.test('ftruncate of either descriptor fails (sealed); the daemon lives on', async (t) => {
  const daemon = await startDaemon(tempDir(t));
  t.teardown(() => daemon.stop());
  const { result, fds } = await mapDescriptors(daemon.socket);
  t.teardown(() => fds.forEach(closeFd));
  const [header, slots] = fds;
  for (const fd of fds) t.equal(seals(fd) & (F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_SEAL), F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_SEAL, 'sealed');
  t.equal(errnoOf(() => truncate(slots, 0)), ERRNO.EPERM, 'shrinking the slots: EPERM (F_SEAL_SHRINK)');
  t.equal(errnoOf(() => truncate(slots, result.slotsSize * 2)), ERRNO.EPERM, 'growing the slots: EPERM (F_SEAL_GROW)');
  t.equal(errnoOf(() => truncate(header, 0)), ERRNO.EINVAL, 'the header descriptor is read-only: ftruncate(2) EINVAL');
  await presentsRight(t, daemon, 'after the attempts a present still shows');
  t.equal(daemon.child.exitCode, null, 'the daemon is alive');
});

t.test('the header cannot be mapped writable, nor reopened writable', async (t) => {
  const daemon = await startDaemon(tempDir(t));
  t.teardown(() => daemon.stop());
  const { result, fds } = await mapDescriptors(daemon.socket);
  t.teardown(() => fds.forEach(closeFd));
  const [header] = fds;
  t.equal(errnoOf(() => mapShared(header, result.headerSize, PROT_READ | PROT_WRITE)), ERRNO.EACCES, 'mmap(PROT_WRITE, MAP_SHARED) of the O_RDONLY header: EACCES');
  t.equal(fstatSync(header).mode & 0o777, 0, 'the header memfd has mode 0: no other uid can reopen it');
  // Root (and the daemon's own uid) may still reopen through /proc: F_SEAL_FUTURE_WRITE refuses the writes.
  let reopened: number | undefined;
  try {
    reopened = openSync(`/proc/self/fd/${header}`, 'r+');
  } catch (err) {
    t.equal((err as NodeJS.ErrnoException).code, 'EACCES', 'reopening writable is refused');
  }
  if (reopened !== undefined) {
    t.teardown(() => closeSync(reopened!));
    t.equal(errnoOf(() => mapShared(reopened!, result.headerSize, PROT_READ | PROT_WRITE)), ERRNO.EPERM, 'writable mapping: EPERM (F_SEAL_FUTURE_WRITE)');
    t.throws(() => writeSync(reopened!, Buffer.from('XXXXXXXX'), 0, 8, 0), { code: 'EPERM' }, 'write(2): EPERM');
  }
  const shared = SharedBuffer.map(result, [...fds.splice(0)]);
  t.teardown(() => shared.retire());
  t.equal(Buffer.from(shared.header.subarray(0, 8)).toString('latin1'), 'SPIFBRNG', 'the header is intact');
});

t.test('no descriptor a client gets reaches the tx area', async (t) => {
  const daemon = await startDaemon(tempDir(t));
  t.teardown(() => daemon.stop());
  const { result, fds } = await mapDescriptors(daemon.socket);
  t.teardown(() => fds.forEach(closeFd));
  t.equal(fds.length, 2, 'exactly two descriptors');
  const pid = daemon.child.pid!;
  // The daemon's tx memfd, found by name among its descriptors (memfd_create(2): "memfd:<name>").
  const daemonFds = readdirSync(`/proc/${pid}/fd`).map((n) => ({ n, link: readlinkSync(`/proc/${pid}/fd/${n}`) }));
  const tx = daemonFds.filter((f) => f.link.startsWith('/memfd:spifb-fb-tx'));
  t.equal(tx.length, 1, 'the daemon holds its tx memfd');
  const txIno = statSync(`/proc/${pid}/fd/${tx[0].n}`).ino;
  for (const fd of fds) {
    const link = readlinkSync(`/proc/self/fd/${fd}`);
    t.notMatch(link, /-tx/, `${link} is not the tx area`);
    t.not(fstatSync(fd).ino, txIno, 'a different inode from the tx memfd');
  }
  t.same(fds.map((fd) => fstatSync(fd).size), [result.headerSize, result.slotsSize], 'header page and slots, nothing more');
});

t.test('garbage in every writable byte locks no one out and does not outlive the next present', async (t) => {
  const daemon = await startDaemon(tempDir(t));
  t.teardown(() => daemon.stop());
  const { result, fds } = await mapDescriptors(daemon.socket);
  const hostile = SharedBuffer.map(result, fds);
  t.teardown(() => hostile.retire());
  const rand = prng(12);
  for (let i = 0; i < hostile.slots.length; i++) hostile.slots[i] = (rand() * 256) & 0xff;
  // (The header it cannot write: its mapping is PROT_READ, see the test above.)
  // A second zero-copy client maps, acquires, draws, presents: what it drew is on the glass.
  await presentsRight(t, daemon, 'a later zero-copy client is served; the panel shows its picture');
  t.equal(daemon.child.exitCode, null, 'the daemon is alive');
});

t.test('no file in /dev/shm, even after SIGKILL; a symlink at the old path is never followed', { skip: !existsSync(SHM) && 'no /dev/shm' }, async (t) => {
  const dir = tempDir(t);
  const before = spifbShmFiles();
  const target = join(dir, 'victim');
  writeFileSync(target, 'precious');
  const [node, ...args] = DAEMON_NODE;
  const child = spawn(node, [...args, DAEMON_JS, '--socket', join(dir, 'fb.sock')], { stdio: ['ignore', 'pipe', 'pipe'] });
  // The version-1 name, planted as soon as the pid is known (the ring opens later in start-up).
  const planted = join(SHM, `spifb-fb-${child.pid}.buf`);
  symlinkSync(target, planted);
  t.teardown(() => rmSync(planted, { force: true }));
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not ready: ${out}`)), scaled(10_000));
    child.stdout!.on('data', () => out.includes('"spifbd ready"') && (clearTimeout(timer), resolve()));
  });
  const daemon = { socket: join(dir, 'fb.sock'), child } as unknown as DaemonProcess;
  await presentsRight(t, daemon, 'zero-copy works');
  t.equal(readFileSync(target, 'utf8'), 'precious', 'the symlink target is untouched');
  t.same(spifbShmFiles(), [...before, `spifb-fb-${child.pid}.buf`].sort(), 'nothing in /dev/shm but the planted link');
  child.kill('SIGKILL');
  await new Promise((r) => child.once('exit', r));
  rmSync(planted);
  t.same(spifbShmFiles(), before, 'nothing left behind after SIGKILL');
});

t.test('memory that cannot be committed fails start-up with a clear error', async (t) => {
  if (spawnSync('prlimit', ['--version']).status !== 0) {
    // util-linux is in every Debian install, so in CI (.ci/run sets CI=1) this must run.
    if (process.env.CI) return void t.fail('prlimit (util-linux) is not installed');
    return void t.skip('prlimit (util-linux) is not installed', () => {});
  }
  const dir = tempDir(t);
  // RLIMIT_FSIZE makes fallocate(2) fail (EFBIG) past 64 KiB: the header page fits, the slots do not.
  // The errno differs from a full tmpfs (ENOSPC), the path in the daemon is the same.
  const [node, ...args] = DAEMON_NODE;
  const r = spawnSync('prlimit', ['--fsize=65536', '--', node, ...args, DAEMON_JS, '--socket', join(dir, 'fb.sock')], {
    // Without the test runner's coverage (NODE_OPTIONS hooks, NODE_V8_COVERAGE): it writes files at exit,
    // after Node has reset SIGXFSZ to its default, so the same limit would kill the process.
    encoding: 'utf8', timeout: scaled(20_000), env: Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(NODE_OPTIONS|NODE_V8_COVERAGE|_TAPJS)/.test(k))),
  });
  // RLIMIT_FSIZE also raises SIGXFSZ; Node ignores it, but under some parents (the tap runner) the
  // process still ends on it at exit, after logging. A full tmpfs (ENOSPC) raises no signal.
  t.ok(r.status !== 0 && (r.signal === null || r.signal === 'SIGXFSZ'), `the daemon does not start (${r.status}, ${r.signal})`);
  const out = r.stdout + r.stderr;
  if (r.signal === 'SIGXFSZ' && !out.includes('cannot commit')) {
    // Seen only under the tap runner with parallel load: the signal won the race with the log line.
    // memfd.test.ts checks the message through an injected ENOSPC.
    t.comment('SIGXFSZ ended the daemon before it logged');
  } else {
    t.match(out, /ENO_DEVICE/, `${r.status} ${r.signal}: ${out.slice(-600)}`);
    t.match(out, /cannot commit \d+ bytes of shared memory for spifb-fb-slots \(EFBIG\)/);
  }
  t.notOk(existsSync(join(dir, 'fb.sock')), 'no socket left behind');
});
