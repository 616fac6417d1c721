/**
 * ioctl numbers and flags of the buffer drivers, as the kernel headers encode
 * them: _IOW(type, nr, size) = (1 << 30) | (size << 16) | (type << 8) | nr
 * (include/uapi/asm-generic/ioctl.h). The tests re-derive each one.
 */

/** ikwzm u-dma-buf (u-dma-buf.c): _IOW('U', 5|6, uint64_t). */
export const U_DMA_BUF_IOCTL_SET_SYNC_FOR_CPU = 0x40085505;
export const U_DMA_BUF_IOCTL_SET_SYNC_FOR_DEVICE = 0x40085506;

/** enum dma_data_direction (include/linux/dma-direction.h). */
export const DMA_BIDIRECTIONAL = 0;
export const DMA_TO_DEVICE = 1;
export const DMA_FROM_DEVICE = 2;

/**
 * The u-dma-buf sync command word, for the ioctls and the sysfs
 * sync_for_cpu / sync_for_device files alike (u-dma-buf README, "sync_for_cpu"):
 * offset in the high 32 bits, size (a multiple of 16) in the low ones,
 * direction in bits 2-3, bit 0 set to run the sync.
 */
export function uDmaBufSyncWord(offset: number, size: number, direction: number): bigint {
  return (BigInt(offset) << 32n) | BigInt((size & 0xfffffff0) >>> 0) | BigInt(direction << 2) | 1n;
}

/** Mainline udmabuf (include/uapi/linux/udmabuf.h): _IOW('u', 0x42, struct udmabuf_create), 24 bytes. */
export const UDMABUF_CREATE = 0x40187542;
/** struct udmabuf_create { __u32 memfd; __u32 flags; __u64 offset; __u64 size; } */
export const UDMABUF_FLAGS_CLOEXEC = 0x01;

/** dma-buf (include/uapi/linux/dma-buf.h): _IOW('b', 0, struct dma_buf_sync { __u64 flags; }). */
export const DMA_BUF_IOCTL_SYNC = 0x40086200;
export const DMA_BUF_SYNC_READ = 1 << 0;
export const DMA_BUF_SYNC_WRITE = 2 << 0;
export const DMA_BUF_SYNC_RW = DMA_BUF_SYNC_READ | DMA_BUF_SYNC_WRITE;
export const DMA_BUF_SYNC_START = 0 << 2;
export const DMA_BUF_SYNC_END = 1 << 2;
