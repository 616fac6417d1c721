import { SpifbError } from '../../protocol/errors.js';
import type { Parse } from './config-values.js';

/**
 * Parsers for the service keys of the config table (daemon/config/keys.ts).
 * Same contract as config/values.ts: throw EBAD_CONFIG naming the key.
 */

/** A file mode as an octal string ("0660", "660"); JSON has no octal numbers. */
export const fileMode: Parse<number> = (value, key) => {
  if (typeof value !== 'string' || !/^0?[0-7]{3}$/.test(value)) {
    throw new SpifbError('EBAD_CONFIG', `${key} must be an octal mode string like "0660", got ${JSON.stringify(value)}`);
  }
  return parseInt(value, 8);
};

/** A user or group: a name, or a numeric id (as a number or a string of digits). */
export const account: Parse<string | number> = (value, key) => {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
  if (typeof value === 'string' && /^[A-Za-z0-9_][A-Za-z0-9_.-]*\$?$/.test(value)) return /^\d+$/.test(value) ? Number(value) : value;
  throw new SpifbError('EBAD_CONFIG', `${key} must be a user/group name or a numeric id, got ${JSON.stringify(value)}`);
};

/** A JSON array of accounts (config file only). */
export const accounts: Parse<Array<string | number>> = (value, key) => {
  if (!Array.isArray(value)) throw new SpifbError('EBAD_CONFIG', `${key} must be an array of names or ids, got ${JSON.stringify(value)}`);
  return value.map((v, i) => account(v, `${key}[${i}]`));
};
