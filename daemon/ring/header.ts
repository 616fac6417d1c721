import {
  DRM_FORMAT_RGB565, SHARED_BUFFER_HEADER as H, SHARED_BUFFER_LAYOUT_VERSION, SHARED_BUFFER_MAGIC, SHARED_BUFFER_RESERVED, SLOT_ENTRY,
  slotEntryOffset, SlotState,
} from '../../protocol/shared-buffer.js';
import type { RingLayout } from './layout.js';

// The layout is protocol (protocol/shared-buffer.ts); these names stay for the ring's own modules.
export { SLOT_ENTRY_BYTES, SLOT_TABLE_OFFSET, SlotState } from '../../protocol/shared-buffer.js';
export const RING_LAYOUT_VERSION = SHARED_BUFFER_LAYOUT_VERSION;

/**
 * Writes the header page: the fixed fields once, then slot states and
 * sequence numbers. The daemon only ever writes it, never reads it back,
 * so nothing here can be steered by what a client wrote anywhere.
 */
export class RingHeader {
  private readonly view: DataView;

  constructor(bytes: Uint8Array, readonly layout: RingLayout) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, layout.headerSize);
  }

  /** Write the fixed fields and an all-free slot table. */
  init(): void {
    const { view: v, layout: l } = this;
    for (let i = 0; i < SHARED_BUFFER_MAGIC.length; i++) v.setUint8(H.magic + i, SHARED_BUFFER_MAGIC.charCodeAt(i));
    const u32: Array<[number, number]> = [
      [H.layoutVersion, SHARED_BUFFER_LAYOUT_VERSION], [H.headerSize, l.headerSize], [H.width, l.width],
      [H.height, l.height], [H.stride, l.stride], [H.format, DRM_FORMAT_RGB565], [H.slotCount, l.slotCount],
      [H.slotSize, l.slotSize], [H.slotsSize, l.slotsSize], [H.pageSize, l.pageSize],
      ...SHARED_BUFFER_RESERVED.map((at): [number, number] => [at, 0]),
    ];
    for (const [at, value] of u32) v.setUint32(at, value, true);
    v.setBigUint64(H.frameSeq, 0n, true);
    l.slotOffsets.forEach((offset, i) => {
      const e = slotEntryOffset(i);
      v.setUint32(e + SLOT_ENTRY.offset, offset, true);
      v.setUint32(e + SLOT_ENTRY.state, SlotState.Free, true);
      v.setBigUint64(e + SLOT_ENTRY.seq, 0n, true);
    });
  }

  setSlot(index: number, state: SlotState, seq: number): void {
    const e = slotEntryOffset(index);
    this.view.setUint32(e + SLOT_ENTRY.state, state, true);
    this.view.setBigUint64(e + SLOT_ENTRY.seq, BigInt(seq), true);
  }

  setFrameSeq(seq: number): void {
    this.view.setBigUint64(H.frameSeq, BigInt(seq), true);
  }
}
