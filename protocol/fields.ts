import { SpifbError } from './errors.js';

/**
 * Checks for request parameters. Each throws EBAD_REQUEST naming the field, so
 * a client author sees which parameter was wrong without reading our source.
 */
export type Params = Record<string, unknown>;

export function requireInt(p: Params, key: string, min: number, max: number): number {
  const v = p[key];
  if (!Number.isSafeInteger(v) || (v as number) < min || (v as number) > max) {
    throw new SpifbError('EBAD_REQUEST', `${key} must be an integer in ${min}..${max}`);
  }
  return v as number;
}

export function optionalInt(p: Params, key: string, min: number, max: number): number | undefined {
  return p[key] === undefined || p[key] === null ? undefined : requireInt(p, key, min, max);
}

export function optionalString(p: Params, key: string, maxLength = 256): string | undefined {
  const v = p[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string' || v.length > maxLength) {
    throw new SpifbError('EBAD_REQUEST', `${key} must be a string of at most ${maxLength} characters`);
  }
  return v;
}

export function requireBytes(p: Params, key: string): Uint8Array {
  const v = p[key];
  if (!(v instanceof Uint8Array)) throw new SpifbError('EBAD_REQUEST', `${key} must be msgpack bin`);
  return v;
}

export function optionalArray(p: Params, key: string, maxItems: number): unknown[] | undefined {
  const v = p[key];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v) || v.length > maxItems) {
    throw new SpifbError('EBAD_REQUEST', `${key} must be an array of at most ${maxItems} items`);
  }
  return v;
}
