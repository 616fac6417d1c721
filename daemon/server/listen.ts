import { createConnection, createServer, type Server } from 'node:net';
import { chmod, chown, lstat, stat, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { SpifbError } from '../../protocol/errors.js';

/**
 * Listen on a Unix socket path, taking over a stale socket file left by a
 * crash but never one a live daemon still answers on, and never a path that
 * is not a socket.
 */
export interface SocketAccess {
  /** File mode of the socket (connect(2) needs write permission on it). */
  mode?: number;
  /** Group to own the socket; the daemon's user must be a member (or root). */
  gid?: number;
}

export async function listenUnix(path: string, server: Server = createServer(), access: SocketAccess = {}): Promise<Server> {
  await checkSocketDirectory(path);
  const st = await lstat(path).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return null;
    throw err;
  });
  if (st) {
    if (!st.isSocket()) throw new SpifbError('EBAD_CONFIG', `${path} exists and is not a socket; refusing to replace it`);
    if (await answers(path)) throw new SpifbError('ESOCKET_IN_USE', `a daemon is already listening on ${path}`);
    await unlink(path);
  }
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // bind(2) creates the file with 0777 & ~umask: make it owner-only until
    // chmod/chown below, so it is never more open than configured. libuv
    // binds synchronously inside listen(), so the umask is restored at once.
    const umask = process.umask(0o177);
    try {
      server.listen(path, () => {
        server.off('error', reject);
        resolve();
      });
    } finally {
      process.umask(umask);
    }
  });
  try {
    if (access.gid !== undefined) await chown(path, -1, access.gid);
    if (access.mode !== undefined) await chmod(path, access.mode);
  } catch (err) {
    server.close();
    await unlink(path).catch(() => {});
    throw new SpifbError('EBAD_CONFIG', `cannot set owner/mode of ${path}: ${(err as Error).message}`);
  }
  return server;
}

/** Serve on a listening socket someone else opened: systemd's socket activation (fd 3). */
export async function listenFd(fd: number, server: Server = createServer()): Promise<Server> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ fd }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return server;
}

/** S_IWOTH and S_ISVTX, inode(7). */
const S_IWOTH = 0o002;
const S_ISVTX = 0o1000;

/**
 * In a directory anyone may write without the sticky bit, any user may
 * unlink or rename our socket and put their own in its place (inode(7):
 * only the sticky bit restricts unlink/rename to the file's owner), and
 * clients would talk to them. /tmp has the bit; a 0777 directory does not.
 */
async function checkSocketDirectory(path: string): Promise<void> {
  const dir = dirname(path);
  const st = await stat(dir).catch((err: NodeJS.ErrnoException) => {
    throw new SpifbError('EBAD_CONFIG', `socket directory ${dir}: ${err.message}`);
  });
  if ((st.mode & S_IWOTH) !== 0 && (st.mode & S_ISVTX) === 0) {
    throw new SpifbError('EBAD_CONFIG', `socket directory ${dir} is writable by every user and has no sticky bit (mode ${(st.mode & 0o7777).toString(8)}): `
      + 'another user could replace the socket; use a private directory or chmod +t it');
  }
}

function answers(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createConnection(path);
    probe.once('connect', () => {
      probe.destroy();
      resolve(true);
    });
    probe.once('error', () => resolve(false));
  });
}
