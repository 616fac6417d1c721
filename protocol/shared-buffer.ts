/**
 * The header page of the shared buffer that `map` names (README "Shared
 * buffer"): enough for a client in any language to use the buffer after
 * reading it alone. All integers little-endian; the daemon writes it,
 * clients only read it.
 */

export const SHARED_BUFFER_MAGIC = 'SPIFBRNG';
export const SHARED_BUFFER_LAYOUT_VERSION = 1;

/** fourcc_code('R', 'G', '1', '6') (include/uapi/drm/drm_fourcc.h): little-endian u16 R[15:11] G[10:5] B[4:0]. */
export const DRM_FORMAT_RGB565 = 0x36314752;

/** Byte offset of each header field; `magic` is 8 ASCII bytes, `frameSeq` a u64, the rest u32. */
export const SHARED_BUFFER_HEADER = {
  magic: 0,
  layoutVersion: 8,
  /** One page. */
  headerSize: 12,
  width: 16,
  height: 20,
  /** Bytes a row of a slot. */
  stride: 24,
  /** A DRM fourcc; always DRM_FORMAT_RGB565. */
  format: 28,
  slotCount: 32,
  /** Bytes, whole pages. */
  slotSize: 36,
  /** The tx area: wire-format bytes for the panel, in two halves. */
  txOffset: 40,
  txSize: 44,
  pageSize: 48,
  /** Written 0; free for a later layout version. */
  reserved: 52,
  /** Sequence number of the last frame on the wire. */
  frameSeq: 56,
} as const;

/** The slot table: one entry per slot from this offset on. */
export const SLOT_TABLE_OFFSET = 64;
export const SLOT_ENTRY_BYTES = 16;

/** Byte offset of each field within a slot entry: u32 offset, u32 state, u64 acquire sequence number. */
export const SLOT_ENTRY = { offset: 0, state: 4, seq: 8 } as const;

/** Where slot `index`'s entry starts in the header. */
export function slotEntryOffset(index: number): number {
  return SLOT_TABLE_OFFSET + index * SLOT_ENTRY_BYTES;
}

/** A slot entry's `state`: who may touch the slot's pixels now. */
export const SlotState = {
  Free: 0,
  /** Held by a client, which may draw into it. */
  Client: 1,
  /** Presented, waiting for the daemon. */
  Queued: 2,
  /** Being read by the daemon. */
  Wire: 3,
} as const;
export type SlotState = (typeof SlotState)[keyof typeof SlotState];
