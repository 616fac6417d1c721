/**
 * Where everything lives. Three separate pieces of memory since layout
 * version 2, so each can be given to exactly who may touch it:
 *
 *   header  [header page]                 memfd; clients get it read-only
 *   slots   [slot 0]…[slot N-1]           memfd; clients get it read-write
 *   tx      [tx half 0][tx half 1]        the DmaBuffer; never leaves the daemon
 *
 * Every region the device may read (each tx half) and every slot starts on
 * a page boundary and is padded to whole pages: in a physically contiguous
 * buffer a page-aligned region is also cache-line aligned, so it can be
 * handed to the device without sharing a cache line with bytes the CPU
 * still owns. The tx area is split in two so frame N+1 is packed while
 * frame N is on the wire.
 */
export interface RingLayout {
  pageSize: number;
  headerSize: number;
  width: number;
  height: number;
  stride: number;
  slotCount: number;
  /** Bytes of pixels in a slot (stride × height) and the page-rounded size. */
  slotBytes: number;
  slotSize: number;
  /** Offsets in the slot memory. */
  slotOffsets: number[];
  /** Bytes of the slot memory. */
  slotsSize: number;
  /** Offsets in the tx buffer; each half holds a whole frame in the wire format. */
  txOffsets: [number, number];
  txHalfSize: number;
  txSize: number;
}

export function pageRound(n: number, page: number): number {
  return Math.ceil(n / page) * page;
}

export function ringLayout(opts: {
  width: number; height: number; stride: number; slots: number; wireBytesPerPixel: number; pageSize: number;
}): RingLayout {
  const { width, height, stride, slots, pageSize } = opts;
  const slotBytes = stride * height;
  const slotSize = pageRound(slotBytes, pageSize);
  const txHalfSize = pageRound(width * height * opts.wireBytesPerPixel, pageSize);
  return {
    pageSize, headerSize: pageSize, width, height, stride, slotCount: slots, slotBytes, slotSize,
    slotOffsets: Array.from({ length: slots }, (_, i) => i * slotSize), slotsSize: slots * slotSize,
    txOffsets: [0, txHalfSize], txHalfSize, txSize: 2 * txHalfSize,
  };
}
