/**
 * One mmap'd, cacheable buffer holding the memory the device reads (the tx
 * area, later DMA control blocks). It is private to the daemon: no client
 * maps it or receives a descriptor of it (ARCHITECTURE "The DMA buffer").
 * Every backend gives the same interface.
 *
 * Contract:
 * - `bytes` is the whole mapping; offsets below are byte offsets into it.
 * - `syncForDevice(off, len)` hands the range to the device: call it after
 *   the CPU last wrote the bytes and before the transfer that reads them
 *   starts. `syncForCpu(off, len)` hands it back: call it after the transfer
 *   ended and before the CPU touches the bytes again. Ranges must be whole
 *   cache lines inside the buffer (see cache-line.ts); a backend rejects
 *   others with EBAD_CONFIG-free RangeError, since that is a caller bug.
 *   With a dma-coherent device the kernel makes these no-ops, but they are
 *   always called: the ownership protocol is the same on every board.
 * - After `close()` the mapping is gone; every call throws.
 */
export interface DmaBuffer {
  /** `shm`, `udmabuf` or `dmabuf`, for info and errors. */
  readonly backend: string;
  readonly bytes: Uint8Array;
  readonly size: number;
  /** Cache line size used to align sync ranges. */
  readonly cacheLine: number;
  /** True when the device is cache-coherent (sync calls are kernel no-ops). */
  readonly coherent: boolean;
  syncForDevice(offset: number, length: number): void;
  syncForCpu(offset: number, length: number): void;
  close(): void;
}

/** What a sync call did, for logs and the tests of the ownership protocol. */
export interface SyncRecord {
  direction: 'device' | 'cpu';
  offset: number;
  length: number;
}

/** Throws unless [offset, offset+length) is whole cache lines inside `size`. */
export function checkSyncRange(offset: number, length: number, line: number, size: number): void {
  if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || length <= 0) {
    throw new RangeError(`sync range ${offset}+${length} is not a positive integer range`);
  }
  if (offset % line !== 0 || length % line !== 0) {
    throw new RangeError(`sync range ${offset}+${length} is not whole ${line}-byte cache lines`);
  }
  if (offset + length > size) throw new RangeError(`sync range ${offset}+${length} is outside the ${size}-byte buffer`);
}
