import { checkSyncRange, type DmaBuffer, type SyncRecord } from './dma-buffer.js';
import { createMemfd, type Memfd, type MemfdDeps } from './memfd.js';

/**
 * `--buffer shm` (the default): the tx area in a memfd of the daemon's own,
 * never handed to a client (issue 12: clients that could write the wire
 * bytes put garbage on the glass the daemon believed it had sent right).
 * No device reads it directly, so the sync calls only check their ranges and
 * record themselves — the ownership protocol runs the same as with a real
 * DMA buffer.
 */
export class ShmBuffer implements DmaBuffer {
  readonly backend = 'shm';
  readonly coherent = true;
  readonly bytes: Uint8Array;
  /** Every sync call, in order, while `recordSyncs` is set (tests, debugging). */
  readonly syncs: SyncRecord[] = [];
  recordSyncs = false;
  private memfd: Memfd | null;

  constructor(readonly size: number, readonly cacheLine: number, name: string, deps: MemfdDeps = {}) {
    this.memfd = createMemfd(`spifb-${name}-tx`, size, deps);
    this.bytes = this.memfd.mapping.bytes;
  }

  syncForDevice(offset: number, length: number): void {
    this.sync('device', offset, length);
  }

  syncForCpu(offset: number, length: number): void {
    this.sync('cpu', offset, length);
  }

  private sync(direction: 'device' | 'cpu', offset: number, length: number): void {
    if (!this.memfd) throw new Error('shm buffer is closed');
    checkSyncRange(offset, length, this.cacheLine, this.size);
    if (this.recordSyncs) this.syncs.push({ direction, offset, length });
  }

  close(): void {
    this.memfd?.close();
    this.memfd = null;
  }
}
