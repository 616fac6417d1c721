import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { PROTOCOL_VERSION } from '../protocol/messages/hello.js';
import { defaultSocketPath, SYSTEM_SOCKET_DIR } from '../protocol/socket-path.js';
import { Connection } from './connection.js';
import { Display } from './display.js';
import { ReconnectingConnection, type ReconnectOptions } from './reconnect.js';

/** Options of {@link connect}; every field is optional. */
export interface ConnectOptions {
  /** Socket path; default as the daemon's: $SPIFB_SOCKET, /run/spifb/fb0.sock, $XDG_RUNTIME_DIR or tmp. */
  socket?: string;
  /**
   * Timeout in ms for each request, the handshake included (0 = none);
   * default 10 s. A socket-activated daemon that is still starting counts
   * against it: the connect succeeds at once, the `hello` reply waits.
   */
  timeoutMs?: number;
  /** Name shown in the daemon's logs. */
  clientName?: string;
  /**
   * Aborting it stops a connect in progress (rejects with ECLOSED) and
   * later closes the Display, as `display.close()` would.
   */
  signal?: AbortSignal;
  /**
   * Redial by itself (with backoff) when the daemon goes away, e.g. restarted
   * by systemd; the Display stays usable and emits `disconnect`/`reconnect`.
   * Default false: a dropped connection closes the Display.
   */
  reconnect?: boolean | ReconnectOptions;
  /**
   * The uid spifbd runs as, when it is neither root nor this process's user
   * (also `$SPIFB_DAEMON_UID`). The client refuses (EUNTRUSTED_DAEMON) a
   * socket whose listener runs as any other uid: see client/peer-check.ts.
   */
  daemonUid?: number;
}

/** The socket path a client uses when none is given. */
export function clientSocketPath(env: NodeJS.ProcessEnv = process.env): string {
  return defaultSocketPath(env, existsSync(SYSTEM_SOCKET_DIR), tmpdir());
}

/**
 * Connect, shake hands (`hello`), read the display's description (`info`).
 * Rejects with SpifbError: ENO_DAEMON when nothing listens, ETIMEOUT when
 * the daemon does not answer within `timeoutMs`, ECLOSED when aborted.
 */
export async function connect(options: ConnectOptions = {}): Promise<Display> {
  const path = options.socket ?? clientSocketPath();
  const conn = await Connection.open(path, options.timeoutMs ?? 10_000, options.signal, { daemonUid: options.daemonUid });
  try {
    await conn.request('hello', { version: PROTOCOL_VERSION, client: options.clientName });
    const info = await conn.request('info', {});
    if (!options.reconnect) return new Display(conn, info);
    const link = new ReconnectingConnection(conn, { path, timeoutMs: options.timeoutMs ?? 10_000, clientName: options.clientName, signal: options.signal },
      options.reconnect === true ? {} : options.reconnect);
    const display = new Display(link, info);
    link.on('disconnect', () => display.emit('disconnect'));
    link.on('reconnect', (fresh) => display.reconnected(fresh));
    return display;
  } catch (err) {
    conn.close();
    throw err;
  }
}
