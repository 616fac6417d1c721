import { SpifbError } from '../errors.js';
import { optionalString, requireInt, type Params } from '../fields.js';

/** Protocol version; a daemon answers EVERSION to any other. */
export const PROTOCOL_VERSION = 1;

export interface HelloParams {
  version: number;
  /** Free text naming the client, for the daemon's logs. */
  client?: string;
}

export interface HelloResult {
  version: number;
  daemon: string;
}

export function checkHello(p: Params): HelloParams {
  const version = requireInt(p, 'version', 0, 0xffff);
  if (version !== PROTOCOL_VERSION) {
    throw new SpifbError('EVERSION', `protocol version ${version} is not supported; this daemon speaks ${PROTOCOL_VERSION}`);
  }
  return { version, client: optionalString(p, 'client') };
}
