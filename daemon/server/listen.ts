import { createConnection, createServer, type Server } from 'node:net';
import { lstat, unlink } from 'node:fs/promises';
import { SpifbError } from '../../protocol/errors.js';

/**
 * Listen on a Unix socket path, taking over a stale socket file left by a
 * crash but never one a live daemon still answers on, and never a path that
 * is not a socket.
 */
export async function listenUnix(path: string, server: Server = createServer()): Promise<Server> {
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
    server.listen(path, () => {
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
