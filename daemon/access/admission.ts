import type { Socket } from 'node:net';
import { peerCredentials, socketFd, type AllowList, type PeerCredentials } from './peer-cred.js';

/** Why a connection is turned away; `busy` ones get an EBUSY event, the others are just closed. */
export type Refusal =
  | { kind: 'busy'; reason: 'maxClients' | 'maxClientsPerUid'; message: string; uid?: number }
  | { kind: 'closed'; reason: 'allowList' | 'noCredentials'; uid?: number };

export type Admission = { ok: true; peer: PeerCredentials; leave(): void } | ({ ok: false } & Refusal);

export interface AdmissionLimits {
  maxClients: number;
  /**
   * Connections one uid may hold at once, so one user (or one runaway
   * program) cannot take every place. Root is not exempt, as in AllowList:
   * what the config says is all there is, and on boards where every client
   * runs as root the operator raises it.
   */
  maxClientsPerUid: number;
}

/**
 * Decides, at accept(2), whether a connection becomes a session: the
 * `maxClients` places, the allow-list and the per-uid share, the last two on
 * the kernel's SO_PEERCRED record of the peer (unix(7): the credentials of
 * the process that called connect(2), which it cannot forge). Pure
 * bookkeeping: the caller writes the refusal and logs it.
 */
export class AdmissionGate {
  private open = 0;
  private readonly byUid = new Map<number, number>();

  constructor(
    private allow: AllowList,
    private readonly limits: AdmissionLimits,
    private readonly credentialsOf: (socket: Socket) => PeerCredentials = readCredentials,
  ) {}

  /** SIGHUP: applies to connections accepted from now on. */
  setAllowList(list: AllowList): void {
    this.allow = list;
  }

  admit(socket: Socket): Admission {
    const { maxClients, maxClientsPerUid } = this.limits;
    if (this.open >= maxClients) {
      return { ok: false, kind: 'busy', reason: 'maxClients', message: `spifbd serves at most ${maxClients} clients at once` };
    }
    let peer: PeerCredentials;
    try {
      peer = this.credentialsOf(socket);
    } catch {
      // Fail closed: without credentials neither the allow-list nor the share can be applied.
      return { ok: false, kind: 'closed', reason: 'noCredentials' };
    }
    if (!this.allow.allows(peer)) return { ok: false, kind: 'closed', reason: 'allowList', uid: peer.uid };
    const held = this.byUid.get(peer.uid) ?? 0;
    if (held >= maxClientsPerUid) {
      return { ok: false, kind: 'busy', reason: 'maxClientsPerUid', uid: peer.uid,
        message: `uid ${peer.uid} already has ${held} connections to spifbd (maxClientsPerUid ${maxClientsPerUid})` };
    }
    this.open++;
    this.byUid.set(peer.uid, held + 1);
    let left = false;
    return {
      ok: true,
      peer,
      leave: () => {
        if (left) return;
        left = true;
        this.open--;
        const n = (this.byUid.get(peer.uid) ?? 1) - 1;
        if (n > 0) this.byUid.set(peer.uid, n);
        else this.byUid.delete(peer.uid);
      },
    };
  }
}

function readCredentials(socket: Socket): PeerCredentials {
  const fd = socketFd(socket);
  if (fd === undefined) throw new Error('no file descriptor on the socket');
  return peerCredentials(fd);
}
