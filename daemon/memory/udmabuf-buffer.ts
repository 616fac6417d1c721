import { readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { SpifbError } from '../../protocol/errors.js';
import { close, ioctl, mmapShared, open, O_RDWR, SysError, type Mapping } from '../sys/libc.js';
import { checkSyncRange, type DmaBuffer, type SyncRecord } from './dma-buffer.js';
import { sysfsRoot } from './cache-line.js';
import {
  DMA_TO_DEVICE, U_DMA_BUF_IOCTL_SET_SYNC_FOR_CPU, U_DMA_BUF_IOCTL_SET_SYNC_FOR_DEVICE, uDmaBufSyncWord,
} from './uapi.js';

/** The attributes the daemon reads from /sys/class/u-dma-buf/<name>/. */
export interface UDmaBufInfo {
  size: number;
  physAddr: bigint;
  dmaCoherent: boolean;
  syncMode: number;
}

function readAttr(dir: string, name: string): string {
  try {
    return readFileSync(join(dir, name), 'utf8').trim();
  } catch (err) {
    throw new SpifbError('ENO_DEVICE', `u-dma-buf: cannot read ${join(dir, name)}: ${(err as Error).message}`);
  }
}

export function readUDmaBufInfo(dir: string): UDmaBufInfo {
  const size = Number(readAttr(dir, 'size'));
  if (!Number.isSafeInteger(size) || size <= 0) throw new SpifbError('ENO_DEVICE', `u-dma-buf: bad size in ${dir}`);
  let dmaCoherent = false;
  try {
    dmaCoherent = readAttr(dir, 'dma_coherent') === '1';
  } catch {
    // Older drivers have no dma_coherent attribute: assume not coherent, sync anyway.
  }
  return { size, physAddr: BigInt(readAttr(dir, 'phys_addr')), dmaCoherent, syncMode: Number(readAttr(dir, 'sync_mode')) };
}

/**
 * `--buffer udmabuf:/dev/udmabufN`: ikwzm's u-dma-buf, a physically
 * contiguous kernel buffer. Opened without O_SYNC, so the mapping is
 * cacheable and the daemon does the cache maintenance: the SET_SYNC ioctls,
 * or the sysfs sync_for_* files on driver versions without them. The whole
 * device is one buffer, so none of it is shared: it holds the tx area only,
 * and clients draw into memfd slots (daemon/ring) that the daemon packs from.
 */
export class UDmaBufBuffer implements DmaBuffer {
  readonly backend = 'udmabuf';
  readonly bytes: Uint8Array;
  readonly size: number;
  readonly coherent: boolean;
  readonly info: UDmaBufInfo;
  readonly syncs: SyncRecord[] = [];
  recordSyncs = false;
  private useIoctl = true;
  private mapping: Mapping | null;
  private readonly fd: number;
  private readonly sysDir: string;

  constructor(readonly device: string, readonly cacheLine: number, root = sysfsRoot()) {
    this.sysDir = join(root, 'class/u-dma-buf', basename(device));
    this.info = readUDmaBufInfo(this.sysDir);
    this.size = this.info.size;
    this.coherent = this.info.dmaCoherent;
    try {
      this.fd = open(device, O_RDWR); // no O_SYNC: cacheable (u-dma-buf README, "sync_mode")
    } catch (err) {
      throw new SpifbError('ENO_DEVICE', `u-dma-buf: cannot open ${device}: ${(err as Error).message}`);
    }
    this.mapping = mmapShared(this.fd, this.size);
    this.bytes = this.mapping.bytes;
  }

  syncForDevice(offset: number, length: number): void {
    this.sync('device', offset, length);
  }

  syncForCpu(offset: number, length: number): void {
    this.sync('cpu', offset, length);
  }

  private sync(direction: 'device' | 'cpu', offset: number, length: number): void {
    if (!this.mapping) throw new Error('u-dma-buf buffer is closed');
    checkSyncRange(offset, length, this.cacheLine, this.size);
    if (length % 16 !== 0) throw new RangeError('u-dma-buf sync sizes must be multiples of 16');
    // The tx area only ever flows CPU → device.
    const word = uDmaBufSyncWord(offset, length, DMA_TO_DEVICE);
    if (this.recordSyncs) this.syncs.push({ direction, offset, length });
    if (this.useIoctl) {
      const arg = new Uint8Array(8);
      new DataView(arg.buffer).setBigUint64(0, word, true);
      try {
        ioctl(this.fd, direction === 'device' ? U_DMA_BUF_IOCTL_SET_SYNC_FOR_DEVICE : U_DMA_BUF_IOCTL_SET_SYNC_FOR_CPU, arg);
        return;
      } catch (err) {
        if (!(err instanceof SysError) || err.code !== 'ENOTTY') {
          throw new SpifbError('EBUS', `u-dma-buf ${this.device}: sync for ${direction} failed: ${(err as Error).message}`);
        }
        this.useIoctl = false; // a driver before the ioctls: use sysfs from now on
      }
    }
    const file = join(this.sysDir, direction === 'device' ? 'sync_for_device' : 'sync_for_cpu');
    try {
      writeFileSync(file, `0x${word.toString(16)}`);
    } catch (err) {
      throw new SpifbError('EBUS', `u-dma-buf ${this.device}: writing ${file} failed: ${(err as Error).message}`);
    }
  }

  close(): void {
    if (!this.mapping) return;
    this.mapping.unmap();
    this.mapping = null;
    close(this.fd);
  }
}
