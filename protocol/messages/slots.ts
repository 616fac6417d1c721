import { SpifbError } from '../errors.js';
import type { Params } from '../fields.js';

/** Where the shared buffer is: open `path` read-write and mmap `size` bytes MAP_SHARED. */
export interface MapResult {
  path: string;
  size: number;
  /** Offset of the header page in the mapping (0). */
  headerOffset: number;
  layoutVersion: number;
  /** `shm`, `udmabuf` or `dmabuf`. */
  backend: string;
}

/** A slot to draw into: `stride × height` bytes at `offset` in the mapping, holding the newest frame. */
export interface AcquireResult {
  slot: number;
  offset: number;
  stride: number;
  width: number;
  height: number;
  format: 'rgb565';
  seq: number;
}

export interface SlotParams {
  slot: number;
}

export function checkSlot(p: Params): SlotParams {
  if (!Number.isInteger(p.slot) || (p.slot as number) < 0) {
    throw new SpifbError('EBAD_SLOT', 'slot must be the index an acquire returned');
  }
  return { slot: p.slot as number };
}

/** Sent to the client that presented a slot once the daemon is done with it. */
export interface ReleaseEvent {
  event: 'release';
  slot: number;
  /** True when a newer present replaced it before it was shown. */
  dropped: boolean;
}
