import { accessSync, constants } from 'node:fs';
import { tmpdir } from 'node:os';
import { defaultSocketPath as rule, SYSTEM_SOCKET_DIR } from '../../protocol/socket-path.js';

/** The daemon's default socket: the system path only when it may create it. */
export function defaultSocketPath(env: NodeJS.ProcessEnv = process.env): string {
  let writable = false;
  try {
    accessSync(SYSTEM_SOCKET_DIR, constants.W_OK);
    writable = true;
  } catch {
    writable = false;
  }
  return rule(env, writable, tmpdir());
}
