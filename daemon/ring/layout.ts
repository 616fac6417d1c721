/**
 * Where everything lives in the shared buffer. Every region the device may
 * read (each slot, each tx half) starts on a page boundary and is padded to
 * whole pages: in a physically contiguous buffer a page-aligned region is
 * also cache-line aligned, so it can be handed to the device without sharing
 * a cache line with bytes the CPU still owns.
 *
 *   [header page][slot 0]…[slot N-1][tx half 0][tx half 1]
 *
 * The tx area is split in two so frame N+1 is packed while frame N is on the
 * wire.
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
  slotOffsets: number[];
  /** Each tx half holds a whole frame in the wire format. */
  txOffsets: [number, number];
  txHalfSize: number;
  totalSize: number;
}

export function pageRound(n: number, page: number): number {
  return Math.ceil(n / page) * page;
}

export function ringLayout(opts: {
  width: number; height: number; stride: number; slots: number; wireBytesPerPixel: number; pageSize: number;
}): RingLayout {
  const { width, height, stride, slots, pageSize } = opts;
  const headerSize = pageSize;
  const slotBytes = stride * height;
  const slotSize = pageRound(slotBytes, pageSize);
  const slotOffsets = Array.from({ length: slots }, (_, i) => headerSize + i * slotSize);
  const txHalfSize = pageRound(width * height * opts.wireBytesPerPixel, pageSize);
  const tx0 = headerSize + slots * slotSize;
  return {
    pageSize, headerSize, width, height, stride, slotCount: slots, slotBytes, slotSize, slotOffsets,
    txOffsets: [tx0, tx0 + txHalfSize], txHalfSize, totalSize: tx0 + 2 * txHalfSize,
  };
}
