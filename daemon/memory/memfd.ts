import { SpifbError } from '../../protocol/errors.js';
import {
  close, F_ADD_SEALS, F_GET_SEALS, F_SEAL_GROW, F_SEAL_SEAL, F_SEAL_SHRINK, fallocate, fcntlInt, memfdCreate,
  MFD_ALLOW_SEALING, mmapShared, SysError, type Mapping,
} from '../sys/libc.js';

/** Seals every descriptor a client receives carries (README "Shared buffer"): its size is fixed for good. */
export const CLIENT_SEALS = F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_SEAL;

export interface Memfd {
  readonly fd: number;
  readonly size: number;
  readonly mapping: Mapping;
  close(): void;
}

export interface MemfdDeps {
  /** Replaced in tests to play a full tmpfs or memory cgroup. */
  fallocate?: (fd: number, offset: number, length: number) => void;
}

/**
 * Anonymous shared memory with no name in any file system (memfd_create(2)):
 * nothing to plant, adopt or leave behind after a crash. Created with
 * MFD_ALLOW_SEALING (without it memfd_create(2) adds F_SEAL_SEAL at once)
 * and MFD_CLOEXEC. Its pages are committed by fallocate(2) before the first
 * map: a tmpfs page that cannot be allocated is SIGBUS at its first touch,
 * so a full /dev/shm or memory cgroup has to fail here, at start-up, with a
 * clear error.
 */
export function createMemfd(name: string, size: number, deps: MemfdDeps = {}): Memfd {
  const fd = memfdCreate(name, MFD_ALLOW_SEALING);
  let mapping: Mapping;
  try {
    // Mode 0 from offset 0 also sets the size: no separate ftruncate.
    (deps.fallocate ?? fallocate)(fd, 0, size);
  } catch (err) {
    close(fd);
    const why = err instanceof SysError ? err.code : (err as Error).message;
    throw new SpifbError('ENO_DEVICE', `cannot commit ${size} bytes of shared memory for ${name} (${why}): ` +
      'the memory or the tmpfs limit is exhausted; free memory, or use fewer --slots');
  }
  try {
    mapping = mmapShared(fd, size);
  } catch (err) {
    close(fd);
    throw err;
  }
  let open = true;
  return {
    fd, size, mapping,
    close() {
      if (!open) return;
      open = false;
      mapping.unmap();
      close(fd);
    },
  };
}

/**
 * Seal a memfd against shrinking and growing, plus `extra`, then against
 * further sealing (fcntl(2), "File Sealing"): a client holding it can no
 * longer ftruncate it under the daemon's mapping (SIGBUS in the daemon).
 */
export function sealMemfd(fd: number, extra = 0): void {
  fcntlInt(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | extra);
  fcntlInt(fd, F_ADD_SEALS, F_SEAL_SEAL);
}

export function memfdSeals(fd: number): number {
  return fcntlInt(fd, F_GET_SEALS, 0);
}
