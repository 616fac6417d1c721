import { SpifbError } from '../../protocol/errors.js';

/**
 * Value parsers for config keys. Each takes what a JSON config file holds or
 * the string a flag gave, and throws EBAD_CONFIG naming the key and what is
 * allowed.
 */
export type Parse<T> = (value: unknown, key: string) => T;

function bad(key: string, wanted: string, value: unknown): SpifbError {
  return new SpifbError('EBAD_CONFIG', `${key} must be ${wanted}, got ${JSON.stringify(value)}`);
}

export function int(min: number, max: number): Parse<number> {
  return (value, key) => {
    const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
    if (!Number.isSafeInteger(n) || (n as number) < min || (n as number) > max) {
      throw bad(key, `an integer ${min}..${max}`, value);
    }
    return n as number;
  };
}

export function oneOf<T extends string | number>(allowed: readonly T[]): Parse<T> {
  return (value, key) => {
    const hit = allowed.find((a) => a === value || String(a) === value);
    if (hit === undefined) throw bad(key, `one of ${allowed.join(', ')}`, value);
    return hit;
  };
}

export const bool: Parse<boolean> = (value, key) => {
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  throw bad(key, 'true or false', value);
};

export const text: Parse<string> = (value, key) => {
  if (typeof value !== 'string' || value === '') throw bad(key, 'a non-empty string', value);
  return value;
};
