import { SpifbError } from '../errors.js';
import { requireInt, type Params } from '../fields.js';

/** Set the backlight, 0 (off) .. 100 (full). Remembered while blanked. */
export interface BacklightParams {
  level: number;
}

/** Blank (`on: true`: backlight off, display off, sleep in) or unblank the panel. */
export interface BlankParams {
  on: boolean;
}

/** The panel's power state after the request: both ops answer with it. */
export interface PowerResult {
  level: number;
  blanked: boolean;
}

export function checkBacklight(p: Params): BacklightParams {
  return { level: requireInt(p, 'level', 0, 100) };
}

export function checkBlank(p: Params): BlankParams {
  if (typeof p.on !== 'boolean') throw new SpifbError('EBAD_REQUEST', 'on must be true or false');
  return { on: p.on };
}
