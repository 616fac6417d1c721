import { SpifbError } from '../errors.js';
import type { Params } from '../fields.js';

/**
 * The shared buffer: the reply frame carries `descriptors` file descriptors
 * with SCM_RIGHTS, arriving with its first byte (README "`map`"): the header
 * (read-only, `headerSize` bytes) and the slots (read-write, `slotsSize`).
 */
export interface MapResult {
  layoutVersion: number;
  /** Descriptors attached to this reply frame: 2. */
  descriptors: number;
  headerSize: number;
  slotsSize: number;
  /** Where the daemon's private tx area lives: `shm`, `udmabuf` or `dmabuf`. */
  backend: string;
}

/** A slot to draw into: `stride × height` bytes at `offset` in the slot memory, holding the newest frame. */
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

/**
 * Sent to the client holding a slot it neither presented nor released within
 * the daemon's lease (`slotLeaseMs`, README "`acquire`"): the slot is free
 * again and a later `present` or `release` of it gets `EBAD_SLOT`.
 */
export interface RevokedEvent {
  event: 'revoked';
  slot: number;
  /** Why: `lease` is the only reason so far. */
  reason: 'lease';
  message: string;
}
