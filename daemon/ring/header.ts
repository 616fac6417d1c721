import type { RingLayout } from './layout.js';

/**
 * The header page, little-endian, enough for a client in any language to use
 * the buffer after reading it alone (documented in protocol/README.md):
 *
 *   0  magic "SPIFBRNG"        8 bytes
 *   8  u32 layout version (1)
 *  12  u32 header size
 *  16  u32 width, 20 u32 height, 24 u32 stride
 *  28  u32 pixel format, a DRM fourcc ('RG16' = DRM_FORMAT_RGB565, drm_fourcc.h)
 *  32  u32 slot count, 36 u32 slot size, 40 u32 tx offset, 44 u32 tx size
 *  48  u32 page size, 52 u32 reserved
 *  56  u64 sequence number of the last frame on the wire
 *  64  per slot, 16 bytes: u32 offset, u32 state, u64 sequence number
 */
export const RING_MAGIC = 'SPIFBRNG';
export const RING_LAYOUT_VERSION = 1;
/** fourcc_code('R', 'G', '1', '6'): little-endian u16 R[15:11] G[10:5] B[4:0]. */
export const DRM_FORMAT_RGB565 = 0x36314752;
export const SLOT_TABLE_OFFSET = 64;
export const SLOT_ENTRY_BYTES = 16;

export enum SlotState {
  Free = 0,
  Client = 1,
  Queued = 2,
  Wire = 3,
}

export class RingHeader {
  private readonly view: DataView;

  constructor(bytes: Uint8Array, readonly layout: RingLayout) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, layout.headerSize);
  }

  /** Write the fixed fields and an all-free slot table. */
  init(): void {
    const { view: v, layout: l } = this;
    for (let i = 0; i < 8; i++) v.setUint8(i, RING_MAGIC.charCodeAt(i));
    const u32 = [RING_LAYOUT_VERSION, l.headerSize, l.width, l.height, l.stride, DRM_FORMAT_RGB565,
      l.slotCount, l.slotSize, l.txOffsets[0], 2 * l.txHalfSize, l.pageSize, 0];
    u32.forEach((value, i) => v.setUint32(8 + 4 * i, value, true));
    v.setBigUint64(56, 0n, true);
    l.slotOffsets.forEach((offset, i) => {
      const e = SLOT_TABLE_OFFSET + i * SLOT_ENTRY_BYTES;
      v.setUint32(e, offset, true);
      v.setUint32(e + 4, SlotState.Free, true);
      v.setBigUint64(e + 8, 0n, true);
    });
  }

  setSlot(index: number, state: SlotState, seq: number): void {
    const e = SLOT_TABLE_OFFSET + index * SLOT_ENTRY_BYTES;
    this.view.setUint32(e + 4, state, true);
    this.view.setBigUint64(e + 8, BigInt(seq), true);
  }

  setFrameSeq(seq: number): void {
    this.view.setBigUint64(56, BigInt(seq), true);
  }
}
