import { SpifbError } from '../errors.js';
import { checkRect, type Rect } from '../rect.js';
import { optionalArray, type Params } from '../fields.js';
import type { Screen } from './draw.js';
import { checkSlot, type AcquireResult } from './slots.js';

/** Most damage rectangles one present may declare; more → EBAD_REQUEST. */
export const MAX_DAMAGE_RECTS = 256;

/**
 * Hand what was drawn so far to the panel. `damage` says what changed (default:
 * everything); the daemon also compares with the last frame it sent, so an
 * undeclared change is never lost and an unchanged area is never sent.
 */
export interface PresentParams {
  damage?: Rect[];
  /** Present this acquired slot (zero-copy) instead of the copying path's framebuffer. */
  slot?: number;
  /** With `slot`: also acquire the next slot, saving a round trip per frame. */
  next?: boolean;
}

export interface PresentResult {
  /** Sequence number of the frame this present will appear in. */
  seq: number;
  /** The next slot, when `next` was asked for (as `acquire` returns it). */
  next?: AcquireResult;
}

/** Checked in the order damage, slot (EBAD_SLOT when not an index), next (EBAD_REQUEST when not a bool). */
export function checkPresent(p: Params, screen: Screen): { damage: Rect[]; slot?: number; next: boolean } {
  const list = optionalArray(p, 'damage', MAX_DAMAGE_RECTS);
  const damage = list === undefined
    ? [{ x: 0, y: 0, w: screen.width, h: screen.height }]
    : list.map((r, i) => checkRect(r, screen.width, screen.height, `damage[${i}]`));
  const slot = p.slot === undefined || p.slot === null ? undefined : checkSlot(p).slot;
  if (p.next !== undefined && p.next !== null && typeof p.next !== 'boolean') {
    throw new SpifbError('EBAD_REQUEST', 'next must be true or false');
  }
  return { damage, slot, next: p.next === true };
}

/** Sent to every session when a frame has finished on the wire. */
export interface FrameEvent {
  event: 'frame';
  seq: number;
  /** Bytes sent to the panel for this frame (commands and pixels). */
  bytes: number;
  /** Pixels in the windows written. */
  pixels: number;
  /** Windows written. */
  rects: number;
  /** Milliseconds from the first present in this frame to the end of the transfer. */
  latencyMs: number;
  /** Modelled wire time of the frame, ms (bytes × 8 / clock + per-transfer overhead). */
  wireMs: number;
}
