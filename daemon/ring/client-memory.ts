import { SpifbError } from '../../protocol/errors.js';
import { CLIENT_SEALS, createMemfd, sealMemfd, type Memfd, type MemfdDeps } from '../memory/memfd.js';
import { close, F_SEAL_FUTURE_WRITE, fchmod, O_RDONLY, open, SysError } from '../sys/libc.js';
import type { RingLayout } from './layout.js';

/**
 * The memory clients may touch, as two memfds (README "Shared buffer"):
 *
 * - the header, which the daemon maps read-write and clients get as an
 *   O_RDONLY descriptor: mmap(2) of it with PROT_WRITE and MAP_SHARED is
 *   EACCES. A read-only descriptor alone is not enough: a memfd's inode is
 *   mode 0777, so a holder could reopen /proc/PID/fd/N O_RDWR. So the inode
 *   is made mode 0 (no other uid can reopen it; wlroots does the same for
 *   its keymaps) and sealed F_SEAL_FUTURE_WRITE (Linux ≥ 5.1: no new
 *   writable mapping or write(2) by anyone; the daemon's own mapping, made
 *   before, keeps working);
 * - the slots, read-write.
 *
 * Both are sealed against shrinking and growing, then against more seals:
 * a client's ftruncate gets EPERM instead of SIGBUS in the daemon.
 */
export class ClientMemory {
  private readonly headerReadOnly: number;
  /** False on kernels before 5.1 (no F_SEAL_FUTURE_WRITE): mode 0 and the read-only descriptor remain. */
  readonly headerFutureWriteSealed: boolean;

  private constructor(readonly header: Memfd, readonly slots: Memfd) {
    // A new open file description of the same inode, read-only (proc(5), /proc/pid/fd).
    this.headerReadOnly = open(`/proc/self/fd/${header.fd}`, O_RDONLY);
    fchmod(header.fd, 0);
    this.headerFutureWriteSealed = sealHeader(header.fd);
    sealMemfd(slots.fd);
  }

  static create(layout: RingLayout, name: string, deps: MemfdDeps = {}): ClientMemory {
    const header = createMemfd(`spifb-${name}-header`, layout.headerSize, deps);
    let slots: Memfd | undefined;
    try {
      slots = createMemfd(`spifb-${name}-slots`, layout.slotsSize, deps);
      return new ClientMemory(header, slots);
    } catch (err) {
      slots?.close();
      header.close();
      if (err instanceof SysError) throw new SpifbError('ENO_DEVICE', `shared memory for clients: ${err.message}`);
      throw err;
    }
  }

  /** What `map` attaches, in MAP_DESCRIPTORS order: header (read-only), slots (read-write). */
  descriptors(): [number, number] {
    return [this.headerReadOnly, this.slots.fd];
  }

  /** The seals every descriptor carries; the header may also have F_SEAL_FUTURE_WRITE. */
  static readonly seals = CLIENT_SEALS;

  close(): void {
    this.header.close();
    this.slots.close();
    close(this.headerReadOnly);
  }
}

function sealHeader(fd: number): boolean {
  try {
    sealMemfd(fd, F_SEAL_FUTURE_WRITE);
    return true;
  } catch (err) {
    if (!(err instanceof SysError) || err.code !== 'EINVAL') throw err;
    sealMemfd(fd);
    return false;
  }
}
