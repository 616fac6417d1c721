import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { PROTOCOL_VERSION } from '../protocol/messages/hello.js';
import { defaultSocketPath, SYSTEM_SOCKET_DIR } from '../protocol/socket-path.js';
import { Connection } from './connection.js';
import { Display } from './display.js';

export interface ConnectOptions {
  /** Socket path; default as the daemon's: $SPIFB_SOCKET, /run/spifb/fb0.sock, $XDG_RUNTIME_DIR or tmp. */
  socket?: string;
  /** Per-request timeout in ms (0 = none); default 10 s. */
  timeoutMs?: number;
  /** Name shown in the daemon's logs. */
  clientName?: string;
  signal?: AbortSignal;
}

/** The socket path a client uses when none is given. */
export function clientSocketPath(env: NodeJS.ProcessEnv = process.env): string {
  return defaultSocketPath(env, existsSync(SYSTEM_SOCKET_DIR), tmpdir());
}

/** Connect, shake hands, read the display's description. */
export async function connect(options: ConnectOptions = {}): Promise<Display> {
  const path = options.socket ?? clientSocketPath();
  const conn = await Connection.open(path, options.timeoutMs ?? 10_000, options.signal);
  try {
    await conn.request('hello', { version: PROTOCOL_VERSION, client: options.clientName });
    const info = await conn.request('info', {});
    return new Display(conn, info);
  } catch (err) {
    conn.close();
    throw err;
  }
}
