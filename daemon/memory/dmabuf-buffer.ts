import { SpifbError } from '../../protocol/errors.js';
import {
  close, F_ADD_SEALS, F_SEAL_SHRINK, fcntlInt, ftruncate, ioctl, memfdCreate, MFD_ALLOW_SEALING, mmapShared, open,
  O_RDWR, type Mapping,
} from '../sys/libc.js';
import { checkSyncRange, type DmaBuffer, type SyncRecord } from './dma-buffer.js';
import {
  DMA_BUF_IOCTL_SYNC, DMA_BUF_SYNC_END, DMA_BUF_SYNC_START, DMA_BUF_SYNC_WRITE, UDMABUF_CREATE, UDMABUF_FLAGS_CLOEXEC,
} from './uapi.js';

/**
 * `--buffer dmabuf[:/dev/udmabuf]`: mainline udmabuf turns a sealed memfd
 * into a dma-buf (memfd → ftruncate → F_SEAL_SHRINK → UDMABUF_CREATE), the
 * daemon maps the dma-buf and brackets CPU access with DMA_BUF_IOCTL_SYNC.
 * dma-buf sync has no range: it covers the whole buffer; ranges are still
 * checked so callers keep to the same protocol as on the other backends.
 * Neither the memfd nor the dma-buf is handed to a client: the buffer holds
 * the tx area only (clients once got a /proc/PID/fd path to the memfd, which
 * another uid cannot open, and which exposed the wire bytes).
 *
 * The order of the sync ioctls (include/uapi/linux/dma-buf.h: START before
 * the CPU touches the buffer, END when it is done):
 * - START|WRITE once the buffer is mapped, so the CPU's access is open before
 *   its first write. An END with no START before it fails with EINVAL on
 *   kernels up to ~6.12 (drivers/dma-buf/udmabuf.c, end_cpu_udmabuf: no sg
 *   table until begin_cpu_udmabuf made one).
 * - syncForDevice: END|WRITE (the kernel cleans the lines to memory), then
 *   START|WRITE again at once: the sync covers the whole buffer, and the CPU
 *   keeps writing the other tx half and clients keep writing slots while the
 *   device reads this one.
 * - syncForCpu: nothing more for the kernel, the CPU's access is already open.
 * WRITE only, never READ: dma_buf_ioctl maps READ|WRITE to DMA_BIDIRECTIONAL,
 * and on arm64 a bidirectional sync_for_cpu invalidates the whole buffer,
 * which discards dirty lines the CPU or a client has not yet written back.
 * WRITE is DMA_TO_DEVICE: clean on END, nothing on START. The device never
 * writes this memory, so the CPU has nothing to read back.
 */
export class DmabufBuffer implements DmaBuffer {
  readonly backend = 'dmabuf';
  readonly coherent = false;
  readonly bytes: Uint8Array;
  readonly syncs: SyncRecord[] = [];
  recordSyncs = false;
  /** The flags of every DMA_BUF_IOCTL_SYNC sent, in order, while recordSyncs is on. */
  readonly kernelSyncs: number[] = [];
  private mapping: Mapping | null;
  private cpuAccess = false;

  private constructor(
    readonly device: string,
    readonly size: number,
    readonly cacheLine: number,
    private readonly memfd: number,
    private readonly dmabufFd: number,
    private readonly syncIoctl: (fd: number, flags: number) => void = dmaBufSync,
  ) {
    this.mapping = mmapShared(dmabufFd, size);
    this.bytes = this.mapping.bytes;
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
      const buffer = new DmabufBuffer(device, size, cacheLine, memfd, dmabufFd);
      try {
        buffer.beginCpuAccess('cpu');
      } catch (err) {
        buffer.close();
        throw err;
      }
      return buffer;
    } catch (err) {
      close(memfd);
      if (err instanceof SpifbError) throw err;
      throw new SpifbError('ENO_DEVICE', `dmabuf ${device}: ${(err as Error).message}`);
    } finally {
      close(dev);
    }
  }

  /**
   * Wrap an fd that should be a dma-buf, with the sync ioctl replaceable:
   * tests use it for the error path and to see the flags sent, in order.
   * CPU access is opened on the first sync call.
   */
  static fromFd(device: string, fd: number, size: number, cacheLine: number, syncIoctl?: (fd: number, flags: number) => void): DmabufBuffer {
    return new DmabufBuffer(device, size, cacheLine, fd, fd, syncIoctl);
  }

  syncForDevice(offset: number, length: number): void {
    this.checkRange('device', offset, length);
    if (!this.cpuAccess) this.beginCpuAccess('device');
    this.send(DMA_BUF_SYNC_END | DMA_BUF_SYNC_WRITE, 'device');
    this.cpuAccess = false;
    this.beginCpuAccess('device');
  }

  syncForCpu(offset: number, length: number): void {
    this.checkRange('cpu', offset, length);
    if (!this.cpuAccess) this.beginCpuAccess('cpu');
  }

  private beginCpuAccess(direction: 'device' | 'cpu'): void {
    this.send(DMA_BUF_SYNC_START | DMA_BUF_SYNC_WRITE, direction);
    this.cpuAccess = true;
  }

  private checkRange(direction: 'device' | 'cpu', offset: number, length: number): void {
    if (!this.mapping) throw new Error('dmabuf buffer is closed');
    checkSyncRange(offset, length, this.cacheLine, this.size);
    if (this.recordSyncs) this.syncs.push({ direction, offset, length });
  }

  private send(flags: number, direction: 'device' | 'cpu'): void {
    if (this.recordSyncs) this.kernelSyncs.push(flags);
    try {
      this.syncIoctl(this.dmabufFd, flags);
    } catch (err) {
      throw new SpifbError('EBUS', `dmabuf ${this.device}: sync for ${direction} failed: ${(err as Error).message}`);
    }
  }

  close(): void {
    if (!this.mapping) return;
    // Close the CPU's access so the kernel's bookkeeping is balanced; a
    // failure here changes nothing for a buffer about to be freed.
    if (this.cpuAccess) {
      try {
        this.syncIoctl(this.dmabufFd, DMA_BUF_SYNC_END | DMA_BUF_SYNC_WRITE);
      } catch {
        // ignored: see above
      }
      this.cpuAccess = false;
    }
    this.mapping.unmap();
    this.mapping = null;
    if (this.dmabufFd !== this.memfd) close(this.dmabufFd);
    close(this.memfd);
  }
}

/** DMA_BUF_IOCTL_SYNC with `struct dma_buf_sync { __u64 flags; }`. */
function dmaBufSync(fd: number, flags: number): void {
  const arg = new Uint8Array(8);
  new DataView(arg.buffer).setBigUint64(0, BigInt(flags), true);
  ioctl(fd, DMA_BUF_IOCTL_SYNC, arg, 'DMA_BUF_IOCTL_SYNC');
}
