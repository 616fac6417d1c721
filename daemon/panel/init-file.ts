import { readFileSync } from 'node:fs';
import { SpifbError } from '../../protocol/errors.js';
import { parseFbtftInit } from './fbtft-init.js';
import { isMipiDbiFirmware, parseMipiDbiFirmware } from './mipi-dbi-firmware.js';
import type { InitStep } from './panel-spec.js';

/**
 * Read an init sequence from a file in either format people already have: a
 * panel-mipi-dbi firmware file (recognised by its magic) or an fbtft `init`
 * list. Throws EBAD_CONFIG naming the file and where it went wrong.
 */
export function readInitFile(path: string, read: (p: string) => Uint8Array = readFileSync): InitStep[] {
  let buf: Uint8Array;
  try {
    buf = read(path);
  } catch (err) {
    throw new SpifbError('EBAD_CONFIG', `cannot read init file ${path}: ${(err as Error).message}`);
  }
  return isMipiDbiFirmware(buf) ? parseMipiDbiFirmware(buf, path) : parseFbtftInit(buf, path);
}
