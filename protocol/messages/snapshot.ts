import { SpifbError } from '../errors.js';
import type { Params } from '../fields.js';

/**
 * Read back what the panel shows. `view: 'screen'` (default) gives it in the
 * framebuffer's orientation, comparable with what was drawn; `view: 'glass'`
 * gives the physical glass as mounted (rotation 0 orientation).
 */
export interface SnapshotParams {
  view?: 'screen' | 'glass';
}

export interface SnapshotResult {
  width: number;
  height: number;
  format: 'rgb888';
  pixels: Uint8Array;
  /** `panel`: read from the simulated panel's GRAM; `shadow`: the last frame sent. */
  source: 'panel' | 'shadow';
}

export function checkSnapshot(p: Params): Required<SnapshotParams> {
  const view = p.view ?? 'screen';
  if (view !== 'screen' && view !== 'glass') {
    throw new SpifbError('EBAD_REQUEST', 'view must be "screen" or "glass"');
  }
  return { view };
}
