import { closeSync, existsSync, ftruncateSync, openSync, unlinkSync, constants } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mmapShared, type Mapping } from '../sys/libc.js';
import { checkSyncRange, type DmaBuffer, type SyncRecord } from './dma-buffer.js';

/**
 * `--buffer shm` (the default): a file in /dev/shm (tmpfs), mode 0660, that
 * clients open and mmap by path. No device reads it directly, so the sync
 * calls only check their ranges and record themselves — the ownership
 * protocol runs the same as with a real DMA buffer.
 */
export class ShmBuffer implements DmaBuffer {
  readonly backend = 'shm';
  readonly coherent = true;
  readonly bytes: Uint8Array;
  readonly share: { path: string; size: number };
  /** Every sync call, in order, while `recordSyncs` is set (tests, debugging). */
  readonly syncs: SyncRecord[] = [];
  recordSyncs = false;
  private mapping: Mapping | null;
  private fd: number;

  constructor(readonly size: number, readonly cacheLine: number, name: string, dir = defaultShmDir()) {
    const path = join(dir, `spifb-${name}-${process.pid}.buf`);
    this.fd = openSync(path, constants.O_RDWR | constants.O_CREAT | constants.O_TRUNC, 0o660);
    try {
      ftruncateSync(this.fd, size);
      this.mapping = mmapShared(this.fd, size);
    } catch (err) {
      closeSync(this.fd);
      unlinkSync(path);
      throw err;
    }
    this.bytes = this.mapping.bytes;
    this.share = { path, size };
  }

  syncForDevice(offset: number, length: number): void {
    this.sync('device', offset, length);
  }

  syncForCpu(offset: number, length: number): void {
    this.sync('cpu', offset, length);
  }

  private sync(direction: 'device' | 'cpu', offset: number, length: number): void {
    if (!this.mapping) throw new Error('shm buffer is closed');
    checkSyncRange(offset, length, this.cacheLine, this.size);
    if (this.recordSyncs) this.syncs.push({ direction, offset, length });
  }

  close(): void {
    if (!this.mapping) return;
    this.mapping.unmap();
    this.mapping = null;
    closeSync(this.fd);
    try {
      unlinkSync(this.share.path);
    } catch {
      // already gone
    }
  }
}

function defaultShmDir(): string {
  return existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
}
