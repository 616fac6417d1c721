import type { Socket } from 'node:net';
import koffi from 'koffi';
import { SpifbError } from '../protocol/errors.js';

/**
 * Who the client will talk to. Without /run/spifb or $XDG_RUNTIME_DIR the
 * socket is /tmp/spifb-fb0.sock, which any user can create first; whoever
 * listens there could hand out a `map` that makes the SDK map memory of
 * their choosing. So before the first byte, the client asks the kernel who
 * the listener is (SO_PEERCRED, unix(7): "the credentials that were in
 * effect at the time of the call to connect(2) or socketpair(2)", on the
 * connecting side those of the process that called listen(2)) and goes on
 * only if its uid is trusted: root, the client's own, or one named by
 * `daemonUid` / `$SPIFB_DAEMON_UID` (a daemon running as a service user).
 * A socket-activated daemon's socket was made by systemd, as root.
 */
export interface PeerTrust {
  /** The daemon's uid when it is neither root nor the client's own user. */
  daemonUid?: number;
}

/** Env var naming the daemon's uid (a number), like the `daemonUid` option. */
export const DAEMON_UID_ENV = 'SPIFB_DAEMON_UID';

/** The uids a connection may be served by: root, ours, the configured one. */
export function trustedUids(trust: PeerTrust = {}, env: NodeJS.ProcessEnv = process.env): Set<number> {
  const uids = new Set<number>([0]);
  const own = process.getuid?.();
  if (own !== undefined) uids.add(own);
  if (trust.daemonUid !== undefined) uids.add(checkUid(trust.daemonUid, 'daemonUid'));
  const fromEnv = env[DAEMON_UID_ENV];
  if (fromEnv) uids.add(checkUid(/^\d+$/.test(fromEnv) ? Number(fromEnv) : NaN, `${DAEMON_UID_ENV}=${JSON.stringify(fromEnv).slice(0, 40)}`));
  return uids;
}

function checkUid(uid: number, what: string): number {
  if (!Number.isInteger(uid) || uid < 0 || uid > 0xfffffffe) throw new SpifbError('EUNTRUSTED_DAEMON', `${what} is not a uid`);
  return uid;
}

/** Throws EUNTRUSTED_DAEMON unless the peer of `socket` runs as a trusted uid. */
export function checkPeer(socket: Socket, path: string, trusted: Set<number>): void {
  let uid: number;
  try {
    uid = peerUid(socket);
  } catch (err) {
    // Fail closed: a peer we cannot identify is not trusted.
    throw new SpifbError('EUNTRUSTED_DAEMON', `cannot read who listens on ${path}: ${(err as Error).message}`);
  }
  if (!trusted.has(uid)) {
    throw new SpifbError('EUNTRUSTED_DAEMON', `${path} is served by uid ${uid}, not by root or a trusted uid (${[...trusted].join(', ')}); `
      + `another user may have created it. If that uid runs spifbd, set ${DAEMON_UID_ENV}=${uid} or pass daemonUid`);
  }
}

/**
 * SOL_SOCKET and SO_PEERCRED from include/uapi/asm-generic/socket.h (x86,
 * arm, arm64, riscv; mips, powerpc, sparc and parisc number it otherwise and
 * are not spifb targets). struct ucred { pid_t pid; uid_t uid; gid_t gid; },
 * socket(7), in host byte order.
 */
const SOL_SOCKET = 1;
const SO_PEERCRED = 17;

function peerUid(socket: Socket): number {
  // libuv keeps the descriptor on the handle; Node has no public accessor.
  const fd = (socket as unknown as { _handle?: { fd?: number } })._handle?.fd;
  if (typeof fd !== 'number' || fd < 0) throw new Error('the socket has no file descriptor');
  const ucred = new Uint8Array(12);
  const len = Uint32Array.of(ucred.length);
  if (getsockopt()(fd, SOL_SOCKET, SO_PEERCRED, ucred, len) < 0) throw new Error(`getsockopt(SO_PEERCRED): errno ${koffi.errno()}`);
  if (len[0] < 12) throw new Error(`getsockopt(SO_PEERCRED) returned ${len[0]} bytes`);
  return new Uint32Array(ucred.buffer)[1];
}

type GetSockOpt = (fd: number, level: number, name: number, val: Uint8Array, len: Uint32Array) => number;
let bound: GetSockOpt | undefined;
function getsockopt(): GetSockOpt {
  bound ??= koffi.load(null).func('int getsockopt(int fd, int level, int name, _Out_ uint8_t *val, _Inout_ uint32_t *len)') as unknown as GetSockOpt;
  return bound;
}
