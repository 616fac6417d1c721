import { closeSync, constants, fstatSync, openSync } from 'node:fs';
import { SpifbError } from '../../protocol/errors.js';
import { flock, LOCK_EX, LOCK_NB, SysError } from '../sys/libc.js';

/**
 * One daemon per socket and per panel. The socket file's existence cannot
 * say that (anyone may delete it, and a second daemon then binds the same
 * path), so the daemon holds flock(2) locks for its whole life:
 *
 * - `<socket>.lock` beside a socket it binds itself. Never unlinked: a
 *   daemon that unlinked it on exit would let the next one lock a new inode
 *   while a third still holds the old one.
 * - the spidev node (bus spidev), so two daemons with different sockets, or
 *   one socket-activated and one started by hand, cannot drive one panel.
 *
 * flock(2): locks belong to the open file description and are released when
 * it is closed, including when the process is killed, so no stale lock
 * outlives a crash.
 */
export interface InstanceLock {
  /** The files locked, for the log. */
  readonly paths: readonly string[];
  release(): void;
}

/**
 * Open flags for the lock file, from Node's fs.constants (O_NOFOLLOW is
 * 0o100000 on arm and arm64 but 0o400000 on x86, asm-generic vs arch fcntl.h).
 * O_NOFOLLOW: a symlink planted at the path is refused (ELOOP), never
 * followed to a file of someone else's choosing. O_NONBLOCK: a FIFO planted
 * there cannot hang start-up in open(2). O_CLOEXEC is added by libuv to every
 * open (uv__fs_open), so no child inherits the lock.
 */
const LOCK_FILE_FLAGS = constants.O_RDONLY | constants.O_CREAT | constants.O_NOFOLLOW | constants.O_NONBLOCK;
const LOCK_FILE_MODE = 0o600;

/** Lock `<socket>.lock` (created 0600 if missing) and, if given, a device node. */
export function lockInstance(socketPath: string | undefined, devicePath?: string): InstanceLock {
  const held: Array<{ fd: number; path: string }> = [];
  const release = (): void => {
    for (const { fd } of held.splice(0)) closeSync(fd);
  };
  try {
    if (socketPath !== undefined) held.push(lockFile(`${socketPath}.lock`, LOCK_FILE_FLAGS, true));
    const device = devicePath === undefined ? undefined : lockFile(devicePath, constants.O_RDONLY | constants.O_NONBLOCK, false);
    if (device) held.push(device);
  } catch (err) {
    release();
    throw err;
  }
  return { paths: held.map((h) => h.path), release };
}

/** `ours`: a lock file we may create; otherwise a device node, which the bus opens (and reports) itself if we cannot. */
function lockFile(path: string, flags: number, ours: true): { fd: number; path: string };
function lockFile(path: string, flags: number, ours: false): { fd: number; path: string } | undefined;
function lockFile(path: string, flags: number, ours: boolean): { fd: number; path: string } | undefined {
  let fd: number;
  try {
    fd = openSync(path, flags, LOCK_FILE_MODE);
  } catch (err) {
    // A missing or forbidden node: the bus's own open fails next, with ENO_DEVICE and the reason.
    if (!ours) return undefined;
    const e = err as NodeJS.ErrnoException;
    const why = e.code === 'ELOOP' ? 'it is a symbolic link' : e.message;
    throw new SpifbError('EBAD_CONFIG', `cannot open the lock file ${path}: ${why}`);
  }
  try {
    if (ours) {
      const st = fstatSync(fd);
      if (!st.isFile()) throw new SpifbError('EBAD_CONFIG', `lock file ${path} is not a regular file; refusing it`);
      // Someone else's file could be held locked by its owner for ever (or be swapped under us).
      const uid = process.getuid?.();
      if (uid !== undefined && st.uid !== uid) throw new SpifbError('EBAD_CONFIG', `lock file ${path} belongs to uid ${st.uid}, not to this daemon (uid ${uid}); remove it`);
    }
    flock(fd, LOCK_EX | LOCK_NB, path);
  } catch (err) {
    closeSync(fd);
    if (err instanceof SysError && (err.code === 'EWOULDBLOCK' || err.code === 'EAGAIN')) {
      throw new SpifbError('ESOCKET_IN_USE', `another spifbd holds ${path}; one daemon per socket and per panel`);
    }
    throw err;
  }
  return { fd, path };
}
