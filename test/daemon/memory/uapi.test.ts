import t from 'tap';
import * as uapi from '../../../daemon/memory/uapi.js';

// _IOW(type, nr, size) from include/uapi/asm-generic/ioctl.h:
// direction _IOC_WRITE (1) in bits 30-31, size in bits 16-29, type in 8-15, nr in 0-7.
const IOW = (type: string, nr: number, size: number): number =>
  ((1 << 30) | (size << 16) | (type.charCodeAt(0) << 8) | nr) >>> 0;

t.test('ioctl numbers match the kernel headers\' encoding', async (t) => {
  const table: Array<[string, number, number, string]> = [
    // [name, value, expected, where it is defined]
    ['U_DMA_BUF_IOCTL_SET_SYNC_FOR_CPU', uapi.U_DMA_BUF_IOCTL_SET_SYNC_FOR_CPU, IOW('U', 5, 8), "u-dma-buf.c: _IOW('U', 5, uint64_t)"],
    ['U_DMA_BUF_IOCTL_SET_SYNC_FOR_DEVICE', uapi.U_DMA_BUF_IOCTL_SET_SYNC_FOR_DEVICE, IOW('U', 6, 8), "u-dma-buf.c: _IOW('U', 6, uint64_t)"],
    ['UDMABUF_CREATE', uapi.UDMABUF_CREATE, IOW('u', 0x42, 24), "linux/udmabuf.h: _IOW('u', 0x42, struct udmabuf_create) — u32, u32, u64, u64"],
    ['DMA_BUF_IOCTL_SYNC', uapi.DMA_BUF_IOCTL_SYNC, IOW('b', 0, 8), "linux/dma-buf.h: _IOW(DMA_BUF_BASE 'b', 0, struct dma_buf_sync) — one u64"],
  ];
  for (const [name, value, expected, where] of table) t.equal(value, expected, `${name} (${where})`);
  // linux/dma-buf.h flag values.
  t.same([uapi.DMA_BUF_SYNC_READ, uapi.DMA_BUF_SYNC_WRITE, uapi.DMA_BUF_SYNC_START, uapi.DMA_BUF_SYNC_END], [1, 2, 0, 4]);
});

t.test('the u-dma-buf sync command word', async (t) => {
  // offset<<32 | (size & 0xFFFFFFF0) | direction<<2 | 1, per the u-dma-buf README.
  t.equal(uapi.uDmaBufSyncWord(0, 0x1000, uapi.DMA_TO_DEVICE), 0x1005n);
  t.equal(uapi.uDmaBufSyncWord(0x20000, 0x40, uapi.DMA_TO_DEVICE), 0x0002000000000045n);
  t.equal(uapi.uDmaBufSyncWord(0x1000, 0x4b000, uapi.DMA_BIDIRECTIONAL), 0x000010000004b001n);
  t.equal(uapi.uDmaBufSyncWord(0, 0x1f, uapi.DMA_FROM_DEVICE), 0x19n, 'size is masked to a multiple of 16');
});
