import { createConnection, createServer, type Server } from 'node:net';
import { chmod, chown, lstat, unlink } from 'node:fs/promises';
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
