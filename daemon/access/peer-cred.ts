import type { Socket } from 'node:net';
import { resolveId } from './accounts.js';
import { getsockopt, SO_PEERCRED, SO_PEERGROUPS, SOL_SOCKET, SysError } from '../sys/libc.js';

/** Who is on the other end of a Unix socket, as the kernel recorded it at connect(2). */
export interface PeerCredentials {
  pid: number;
  uid: number;
  gid: number;
  /** Supplementary groups (SO_PEERGROUPS, Linux ≥ 4.13); empty where unsupported. */
  groups: number[];
}

/** libuv keeps the descriptor on the handle; Node has no public accessor for it. */
export function socketFd(socket: Socket): number | undefined {
  const fd = (socket as unknown as { _handle?: { fd?: number } })._handle?.fd;
  return typeof fd === 'number' && fd >= 0 ? fd : undefined;
}

const MAX_GROUPS = 256;

/**
 * SO_PEERCRED gives `struct ucred { pid_t pid; uid_t uid; gid_t gid; }`
 * (socket(7)); SO_PEERGROUPS an array of gid_t. Both are host byte order.
 */
export function peerCredentials(fd: number): PeerCredentials {
  const ucred = new Uint8Array(12);
  getsockopt(fd, SOL_SOCKET, SO_PEERCRED, ucred);
  const [pid, uid, gid] = new Uint32Array(ucred.buffer);
  let groups: number[] = [];
  try {
    const buf = new Uint8Array(4 * MAX_GROUPS);
    const len = getsockopt(fd, SOL_SOCKET, SO_PEERGROUPS, buf);
    groups = [...new Uint32Array(buf.buffer, 0, len / 4)];
  } catch (err) {
    // ENOPROTOOPT on old kernels, ERANGE past MAX_GROUPS: fall back to the primary group.
    if (!(err instanceof SysError)) throw err;
  }
  return { pid, uid, gid, groups };
}

/**
 * Who may use the display. Empty lists mean "no allow-list": the socket's
 * file mode and group decide alone. No implicit exceptions, not even root:
 * what the config says is all that is let in, so it can be read in one place.
 */
export class AllowList {
  constructor(readonly users: readonly number[], readonly groups: readonly number[]) {}

  get active(): boolean {
    return this.users.length > 0 || this.groups.length > 0;
  }

  allows(peer: PeerCredentials): boolean {
    if (!this.active) return true;
    if (this.users.includes(peer.uid)) return true;
    return [peer.gid, ...peer.groups].some((g) => this.groups.includes(g));
  }
}

/** The allow-list the config names, with user and group names resolved to ids. */
export function allowListFromConfig(config: { 'allow.users': Array<string | number>; 'allow.groups': Array<string | number> }): AllowList {
  return new AllowList(
    config['allow.users'].map((u, i) => resolveId('user', u, `allow.users[${i}]`)),
    config['allow.groups'].map((g, i) => resolveId('group', g, `allow.groups[${i}]`)),
  );
}
