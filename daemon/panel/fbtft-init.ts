import { SpifbError } from '../../protocol/errors.js';
import { addDelay, hex } from './mipi-dbi-firmware.js';
import type { InitStep } from './panel-spec.js';

/**
 * The fbtft device-tree `init` property (drivers/staging/fbtft/fbtft-core.c,
 * fbtft_init_display_from_property): a list of u32 where
 * FBTFT_OF_INIT_CMD = BIT(24) starts a command (register = low 16 bits),
 * the following values without bits 16..31 are its parameters, and
 * FBTFT_OF_INIT_DELAY = BIT(25) is a delay of (low 16 bits) ms. Any other
 * value is "illegal init value"; more than 63 parameters is "Maximum
 * register values exceeded" (fbtft's buf[64] holds the command too).
 *
 * Accepted as the device-tree source text (`init = <0x1000011 0x2000078 …>;`,
 * or just the numbers, with C/DTS comments) or as the raw property bytes
 * (big-endian u32, e.g. copied from /proc/device-tree/…/init).
 */
const CMD = 1 << 24;
const DELAY = 1 << 25;
const MAX_PARAMS = 63;

interface Value { v: number; where: string }

export function parseFbtftInit(buf: Uint8Array, source: string): InitStep[] {
  const values = looksBinary(buf) ? fromBinary(buf, source) : fromText(new TextDecoder().decode(buf), source);
  const bad = (at: Value, what: string) => new SpifbError('EBAD_CONFIG', `${source}: fbtft init, ${at.where}: ${what}`);
  if (values.length === 0) throw new SpifbError('EBAD_CONFIG', `${source}: fbtft init: no values`);
  const steps: InitStep[] = [];
  let i = 0;
  while (i < values.length) {
    const at = values[i];
    if (at.v & CMD) {
      const reg = at.v & 0xffff;
      if (reg > 0xff || (at.v & 0xfeff0000) !== 0) throw bad(at, `command 0x${at.v.toString(16)}: only 8-bit registers (regwidth 8) are supported`);
      const params: number[] = [];
      for (i++; i < values.length && (values[i].v & 0xffff0000) === 0; i++) {
        if (values[i].v > 0xff) throw bad(values[i], `parameter 0x${values[i].v.toString(16)} of command 0x${hex(reg)} is wider than a byte`);
        if (params.length === MAX_PARAMS) throw bad(values[i], `command 0x${hex(reg)} has more than ${MAX_PARAMS} parameters`);
        params.push(values[i].v);
      }
      steps.push(params.length ? { cmd: reg, params } : { cmd: reg });
    } else if (at.v & DELAY && (at.v & 0xfdff0000) === 0) {
      addDelay(steps, at.v & 0xffff);
      i++;
    } else {
      throw bad(at, `illegal init value 0x${at.v.toString(16)} (want 0x1000000 | command, or 0x2000000 | ms first)`);
    }
  }
  return steps;
}

function looksBinary(buf: Uint8Array): boolean {
  return buf.some((b) => b < 0x09 || (b > 0x0d && b < 0x20) || b > 0x7e);
}

function fromBinary(buf: Uint8Array, source: string): Value[] {
  if (buf.length % 4 !== 0) {
    throw new SpifbError('EBAD_CONFIG', `${source}: fbtft init (binary): ${buf.length} bytes is not a whole number of u32 values`);
  }
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  return Array.from({ length: buf.length / 4 }, (_, k) => ({ v: view.getUint32(k * 4, false), where: `byte ${k * 4}` }));
}

function fromText(text: string, source: string): Value[] {
  const values: Value[] = [];
  const lines = text.replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, ' ')).split('\n');
  lines.forEach((raw, n) => {
    const line = raw.replace(/\/\/.*$|#.*$/, '').replace(/^\s*init\s*=/, '').replace(/[<>;,]/g, ' ');
    for (const token of line.split(/\s+/).filter(Boolean)) {
      const v = /^(0x[0-9a-f]+|[0-9]+)$/i.test(token) ? Number(token) : NaN;
      if (!Number.isSafeInteger(v) || v > 0xffffffff) {
        throw new SpifbError('EBAD_CONFIG', `${source}: fbtft init, line ${n + 1}: "${token}" is not a u32 number`);
      }
      values.push({ v, where: `line ${n + 1}, value ${values.length}` });
    }
  });
  return values;
}
