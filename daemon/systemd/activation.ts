import { SpifbError } from '../../protocol/errors.js';
import { getsockopt, SO_ACCEPTCONN, SO_TYPE, SOCK_STREAM, SOL_SOCKET, SysError } from '../sys/libc.js';

/** sd_listen_fds(3): passed sockets start at fd 3 (SD_LISTEN_FDS_START). */
export const SD_LISTEN_FDS_START = 3;

/**
 * The listening socket systemd passed (socket activation), or undefined when
 * the daemon was not socket-activated and must create its own. Follows
 * sd_listen_fds(3): honour LISTEN_FDS only when LISTEN_PID is our PID, then
 * unset LISTEN_PID/LISTEN_FDS/LISTEN_FDNAMES so a child never mistakes them
 * for its own. spifbd serves one socket; more than one is a unit error.
 */
export function listenFdFromEnv(env: NodeJS.ProcessEnv, pid = process.pid): number | undefined {
  const listenPid = env.LISTEN_PID;
  const count = env.LISTEN_FDS;
  delete env.LISTEN_PID;
  delete env.LISTEN_FDS;
  delete env.LISTEN_FDNAMES;
  if (listenPid === undefined || count === undefined) return undefined;
  if (Number(listenPid) !== pid) return undefined;
  const n = Number(count);
  if (!Number.isInteger(n) || n < 0) throw new SpifbError('EBAD_CONFIG', `LISTEN_FDS=${count} is not a count`);
  if (n === 0) return undefined;
  if (n > 1) throw new SpifbError('EBAD_CONFIG', `systemd passed ${n} sockets; spifbd@.socket must have exactly one ListenStream=`);
  checkListeningStream(SD_LISTEN_FDS_START);
  return SD_LISTEN_FDS_START;
}

/** sd_is_socket(fd, AF_UNSPEC, SOCK_STREAM, 1) in spirit: a listening stream socket. */
function checkListeningStream(fd: number): void {
  const value = new Uint8Array(4);
  const int = new Int32Array(value.buffer); // host byte order, as the kernel writes it
  try {
    getsockopt(fd, SOL_SOCKET, SO_TYPE, value);
    if (int[0] !== SOCK_STREAM) throw new SpifbError('EBAD_CONFIG', `fd ${fd} from systemd is not a stream socket`);
    getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, value);
    if (int[0] !== 1) throw new SpifbError('EBAD_CONFIG', `fd ${fd} from systemd is not listening`);
  } catch (err) {
    if (err instanceof SysError) throw new SpifbError('EBAD_CONFIG', `fd ${fd} from systemd is not a socket: ${err.message}`);
    throw err;
  }
}
