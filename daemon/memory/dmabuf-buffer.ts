import { SpifbError } from '../../protocol/errors.js';
import {
  close, F_ADD_SEALS, F_SEAL_SHRINK, fcntlInt, ftruncate, ioctl, memfdCreate, MFD_ALLOW_SEALING, mmapShared, open,
  O_RDWR, type Mapping,
} from '../sys/libc.js';
import { checkSyncRange, type DmaBuffer, type SyncRecord } from './dma-buffer.js';
import {
  DMA_BUF_IOCTL_SYNC, DMA_BUF_SYNC_END, DMA_BUF_SYNC_RW, DMA_BUF_SYNC_START, UDMABUF_CREATE, UDMABUF_FLAGS_CLOEXEC,
} from './uapi.js';

/**
 * `--buffer dmabuf[:/dev/udmabuf]`: mainline udmabuf turns a sealed memfd
 * into a dma-buf (memfd → ftruncate → F_SEAL_SHRINK → UDMABUF_CREATE), the
 * daemon maps the dma-buf and brackets CPU access with DMA_BUF_IOCTL_SYNC.
 * dma-buf sync has no range: it covers the whole buffer; ranges are still
 * checked so callers keep to the same protocol as on the other backends.
 * Clients map the memfd (the same pages) through /proc/PID/fd.
 */
export class DmabufBuffer implements DmaBuffer {
  readonly backend = 'dmabuf';
  readonly coherent = false;
  readonly bytes: Uint8Array;
  readonly share: { path: string; size: number };
  readonly syncs: SyncRecord[] = [];
  recordSyncs = false;
  private mapping: Mapping | null;

  private constructor(
    readonly device: string,
    readonly size: number,
    readonly cacheLine: number,
    private readonly memfd: number,
    private readonly dmabufFd: number,
  ) {
    this.mapping = mmapShared(dmabufFd, size);
    this.bytes = this.mapping.bytes;
    this.share = { path: `/proc/${process.pid}/fd/${memfd}`, size };
  }

  static create(device: string, size: number, cacheLine: number): DmabufBuffer {
    let dev: number;
    try {
      dev = open(device, O_RDWR);
    } catch (err) {
      throw new SpifbError('ENO_DEVICE', `dmabuf: cannot open ${device} (is CONFIG_UDMABUF on?): ${(err as Error).message}`);
    }
    const memfd = memfdCreate('spifb-dmabuf', MFD_ALLOW_SEALING);
    try {
      ftruncate(memfd, size);
      fcntlInt(memfd, F_ADD_SEALS, F_SEAL_SHRINK); // udmabuf refuses memfds that could shrink
      const req = new Uint8Array(24);
      const v = new DataView(req.buffer);
      v.setUint32(0, memfd, true);
      v.setUint32(4, UDMABUF_FLAGS_CLOEXEC, true);
      v.setBigUint64(8, 0n, true);
      v.setBigUint64(16, BigInt(size), true);
      const dmabufFd = ioctl(dev, UDMABUF_CREATE, req, 'UDMABUF_CREATE');
      return new DmabufBuffer(device, size, cacheLine, memfd, dmabufFd);
    } catch (err) {
      close(memfd);
      if (err instanceof SpifbError) throw err;
      throw new SpifbError('ENO_DEVICE', `dmabuf ${device}: ${(err as Error).message}`);
    } finally {
      close(dev);
    }
  }

  /** Wrap an fd that should be a dma-buf (tests use this to exercise the error path). */
  static fromFd(device: string, fd: number, size: number, cacheLine: number): DmabufBuffer {
    return new DmabufBuffer(device, size, cacheLine, fd, fd);
  }

  syncForDevice(offset: number, length: number): void {
    this.sync('device', offset, length, DMA_BUF_SYNC_END | DMA_BUF_SYNC_RW);
  }

  syncForCpu(offset: number, length: number): void {
    this.sync('cpu', offset, length, DMA_BUF_SYNC_START | DMA_BUF_SYNC_RW);
  }

  private sync(direction: 'device' | 'cpu', offset: number, length: number, flags: number): void {
    if (!this.mapping) throw new Error('dmabuf buffer is closed');
    checkSyncRange(offset, length, this.cacheLine, this.size);
    if (this.recordSyncs) this.syncs.push({ direction, offset, length });
    const arg = new Uint8Array(8);
    new DataView(arg.buffer).setBigUint64(0, BigInt(flags), true);
    try {
      ioctl(this.dmabufFd, DMA_BUF_IOCTL_SYNC, arg, 'DMA_BUF_IOCTL_SYNC');
    } catch (err) {
      throw new SpifbError('EBUS', `dmabuf ${this.device}: sync for ${direction} failed: ${(err as Error).message}`);
    }
  }

  close(): void {
    if (!this.mapping) return;
    this.mapping.unmap();
    this.mapping = null;
    if (this.dmabufFd !== this.memfd) close(this.dmabufFd);
    close(this.memfd);
  }
}
