/**
 * The header page of the shared buffer that `map` hands out (README "Shared
 * buffer"): enough for a client in any language to use the slots after
 * reading it alone. All integers little-endian; the daemon writes it,
 * clients get it read-only.
 */

export const SHARED_BUFFER_MAGIC = 'SPIFBRNG';
/**
 * 2: header and slots are two descriptors passed with SCM_RIGHTS, slot
 * offsets count from the start of the slot memory, and the tx area is no
 * longer shared (offsets 40 and 44 held it in version 1).
 */
export const SHARED_BUFFER_LAYOUT_VERSION = 2;

/** `map`'s descriptors, in the order they arrive (README "`map`"). */
export const MAP_DESCRIPTORS = ['header', 'slots'] as const;

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
  /** Bytes of the slot memory (the `slots` descriptor): slotCount × slotSize. */
  slotsSize: 40,
  pageSize: 48,
  /** Sequence number of the last frame on the wire. */
  frameSeq: 56,
} as const;

/** u32 fields written 0, free for a later layout version. */
export const SHARED_BUFFER_RESERVED = [44, 52] as const;

/** The slot table: one entry per slot from this offset on. */
export const SLOT_TABLE_OFFSET = 64;
export const SLOT_ENTRY_BYTES = 16;

/** Byte offset of each field within a slot entry: u32 offset (in the slot memory), u32 state, u64 acquire sequence number. */
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
