import { isUtf8 } from 'node:buffer';
import { SpifbError } from './errors.js';

/**
 * A structural check of a frame body, run before msgpackr builds any object
 * from it. msgpackr understands far more than the protocol: its own ext types
 * (records, structured-clone references, bundled strings) let a few hundred
 * bytes decode into a graph with 2^N leaves, which any later error message or
 * log line would then walk. This walks the bytes once, as the msgpack spec
 * lays them out, and lets through only plain standard msgpack: no ext type of
 * any code, no 0xc1, map keys that are str or int, no duplicate keys, bounded
 * depth and size, exactly one top-level map and nothing after it.
 *
 * Format bytes from the spec's "Formats / Overview" table,
 * https://github.com/msgpack/msgpack/blob/master/spec.md#formats-overview
 */

/** Containers nested deeper than this (the top-level map is level 1) are rejected. */
export const MAX_NESTING_DEPTH = 32;

/**
 * Most values one frame may hold, counting every map key, map value and array
 * element at any depth (the largest legal request, `present` with 256 damage
 * rects, holds about 2,300). Decoding cost grows with the number of values
 * more than with the bytes, so this bounds the CPU a 4 MiB frame can take.
 */
export const MAX_VALUES = 8192;

/** Longest map key, in bytes (the protocol's own are under 16). Long keys cost msgpackr a decoder call each. */
export const MAX_KEY_BYTES = 64;

/** Throws SpifbError EBAD_FRAME saying what is wrong and at which byte of the body. */
export function scanFrameBody(body: Uint8Array): void {
  if (body.length === 0) throw invalid(0, 'the body is empty; it must be one msgpack map');
  const first = body[0];
  const scan = new Scanner(body);
  if (isRefused(first)) throw scan.refused(0, first);
  if (!isMapHead(first)) throw invalid(0, `the body is ${formatName(first)}; it must be one msgpack map`);
  scan.value(1);
  if (scan.pos !== body.length) {
    throw invalid(scan.pos, `${body.length - scan.pos} byte(s) after the map; a frame holds exactly one map`);
  }
}

/** Whether bytes[start, start + length) spell the ASCII string `s` (an int key's name). */
function sameAscii(bytes: Uint8Array, start: number, length: number, s: string): boolean {
  if (length !== s.length) return false;
  for (let i = 0; i < length; i++) if (bytes[start + i] !== s.charCodeAt(i)) return false;
  return true;
}

function invalid(at: number, what: string): SpifbError {
  return new SpifbError('EBAD_FRAME', `invalid frame body at byte ${at}: ${what}`);
}

/** Stands for the key list of a map too small to hold a duplicate. */
const NO_KEYS: Array<number | string> = [];

const isMapHead = (b: number): boolean => (b >= 0x80 && b <= 0x8f) || b === 0xde || b === 0xdf;
/** 0xc1, ext 8/16/32 and fixext 1..16: never valid, whatever follows. */
const isRefused = (b: number): boolean => b === 0xc1 || (b >= 0xc7 && b <= 0xc9) || (b >= 0xd4 && b <= 0xd8);

class Scanner {
  pos = 0;
  private values = 0;

  // Most frames are small: no DataView or Buffer view is made unless a key needs one.
  constructor(private readonly bytes: Uint8Array) {}

  private get view(): DataView {
    return new DataView(this.bytes.buffer, this.bytes.byteOffset, this.bytes.byteLength);
  }

  private latin1(start: number, end: number): string {
    return Buffer.from(this.bytes.buffer, this.bytes.byteOffset, this.bytes.byteLength).toString('latin1', start, end);
  }

  /** Skip one value at `pos`; `depth` is the nesting level a container here would have. */
  value(depth: number): void {
    const at = this.pos;
    const b = this.byte(at);
    this.count(at, 1);
    if (b <= 0x7f || b >= 0xe0 || b === 0xc0 || b === 0xc2 || b === 0xc3) return void (this.pos = at + 1);
    if (b <= 0x8f) return this.map(at, b & 0x0f, 1, depth);
    if (b <= 0x9f) return this.array(at, b & 0x0f, 1, depth);
    if (b <= 0xbf) return this.raw(at, b & 0x1f, 1);
    switch (b) {
      case 0xc4: case 0xd9: return this.raw(at, this.uint(at + 1, 1), 2);
      case 0xc5: case 0xda: return this.raw(at, this.uint(at + 1, 2), 3);
      case 0xc6: case 0xdb: return this.raw(at, this.uint(at + 1, 4), 5);
      case 0xca: return this.fixed(at, 5);
      case 0xcb: return this.fixed(at, 9);
      case 0xcc: case 0xd0: return this.fixed(at, 2);
      case 0xcd: case 0xd1: return this.fixed(at, 3);
      case 0xce: case 0xd2: return this.fixed(at, 5);
      case 0xcf: case 0xd3: return this.fixed(at, 9);
      case 0xdc: return this.array(at, this.uint(at + 1, 2), 3, depth);
      case 0xdd: return this.array(at, this.uint(at + 1, 4), 5, depth);
      case 0xde: return this.map(at, this.uint(at + 1, 2), 3, depth);
      case 0xdf: return this.map(at, this.uint(at + 1, 4), 5, depth);
    }
    throw this.refused(at, b);
  }

  /**
   * A map key: str (valid UTF-8) or int. An int key returns the property name
   * msgpackr makes of it; a str key returns null and leaves its bytes in
   * keyStart..keyEnd.
   */
  private key(): string | null {
    const at = this.pos;
    const b = this.byte(at);
    this.count(at, 1);
    if (b <= 0x7f || b >= 0xe0) {
      this.pos = at + 1;
      return String(b <= 0x7f ? b : b - 0x100);
    }
    if (b >= 0xa0 && b <= 0xbf) return this.keyText(at, b & 0x1f, 1);
    if (b === 0xd9) return this.keyText(at, this.uint(at + 1, 1), 2);
    if (b === 0xda) return this.keyText(at, this.uint(at + 1, 2), 3);
    if (b === 0xdb) return this.keyText(at, this.uint(at + 1, 4), 5);
    if (b >= 0xcc && b <= 0xd3) return this.intName(at, b);
    if (isRefused(b)) throw this.refused(at, b);
    throw invalid(at, `a map key is ${formatName(b)}; keys must be str or int`);
  }

  private keyStart = 0;
  private keyEnd = 0;

  private keyText(at: number, length: number, head: number): null {
    if (length > MAX_KEY_BYTES) throw invalid(at, `a map key of ${length} bytes is longer than ${MAX_KEY_BYTES}`);
    this.raw(at, length, head);
    const start = at + head;
    const end = this.pos;
    const bytes = this.bytes;
    let ascii = true;
    for (let i = start; ascii && i < end; i++) ascii = bytes[i] < 0x80;
    if (!ascii && !isUtf8(bytes.subarray(start, end))) throw invalid(at, 'a map key is not valid UTF-8');
    this.keyStart = start;
    // msgpackr stores the key `__proto__` as `__proto_`: compare what it stores.
    this.keyEnd = length === 9 && this.latin1(start, end) === '__proto__' ? end - 1 : end;
    return null;
  }

  /** The name msgpackr gives an int key (int64AsType 'number': hi * 2^32 + lo). */
  private intName(at: number, b: number): string {
    const width = [1, 2, 4, 8][(b - 0xcc) & 3];
    this.fixed(at, 1 + width);
    const v = this.view;
    const p = at + 1;
    switch (b) {
      case 0xcc: return String(v.getUint8(p));
      case 0xcd: return String(v.getUint16(p));
      case 0xce: return String(v.getUint32(p));
      case 0xcf: return String(v.getUint32(p) * 0x100000000 + v.getUint32(p + 4));
      case 0xd0: return String(v.getInt8(p));
      case 0xd1: return String(v.getInt16(p));
      case 0xd2: return String(v.getInt32(p));
      default: return String(v.getInt32(p) * 0x100000000 + v.getUint32(p + 4));
    }
  }

  private map(at: number, n: number, head: number, depth: number): void {
    this.container(at, n, 2, head, depth, 'map');
    // Small maps (every request and rect) compare key bytes pairwise, with no
    // strings built; big ones use a set of names. Valid UTF-8 decodes one way,
    // so equal bytes are equal keys and a latin1 view is an exact name.
    const names = n > 16 ? new Set<string>() : null;
    const seen: Array<number | string> = n > 1 && !names ? [] : NO_KEYS;
    for (let i = 0; i < n; i++) {
      const keyAt = this.pos;
      const intName = this.key();
      let dup: boolean;
      if (names) {
        const name = intName ?? this.latin1(this.keyStart, this.keyEnd);
        dup = names.has(name);
        names.add(name);
      } else if (seen === NO_KEYS) {
        dup = false;
      } else {
        dup = this.seenBefore(seen, intName);
        if (intName === null) seen.push(this.keyStart, this.keyEnd);
        else seen.push(intName, -1);
      }
      if (dup) throw invalid(keyAt, 'duplicate map key');
      this.value(depth + 1);
    }
  }

  /** Whether the key just read equals one in `seen` (pairs: start, end of bytes, or an int key's name, -1). */
  private seenBefore(seen: Array<number | string>, intName: string | null): boolean {
    const bytes = this.bytes;
    const start = this.keyStart;
    const length = this.keyEnd - start;
    for (let j = 0; j < seen.length; j += 2) {
      const a = seen[j];
      if (typeof a === 'string') {
        if (intName !== null ? a === intName : sameAscii(bytes, start, length, a)) return true;
      } else if (intName !== null) {
        if (sameAscii(bytes, a, (seen[j + 1] as number) - a, intName)) return true;
      } else if ((seen[j + 1] as number) - a === length) {
        let k = 0;
        while (k < length && bytes[a + k] === bytes[start + k]) k++;
        if (k === length) return true;
      }
    }
    return false;
  }

  private array(at: number, n: number, head: number, depth: number): void {
    this.container(at, n, 1, head, depth, 'array');
    for (let i = 0; i < n; i++) this.value(depth + 1);
  }

  /** Checks made before any element is read, so a lying count fails at once. */
  private container(at: number, n: number, perItem: number, head: number, depth: number, kind: string): void {
    if (depth > MAX_NESTING_DEPTH) throw invalid(at, `nested deeper than ${MAX_NESTING_DEPTH} levels`);
    this.need(at, head);
    this.pos = at + head;
    const left = this.bytes.length - this.pos;
    // Every value takes at least one byte, a map entry two; the items are
    // counted one by one as they are read.
    if (n * perItem > left) throw invalid(at, `${kind} of ${n} entries cannot fit in the ${left} byte(s) left`);
    if (this.values + n * perItem > MAX_VALUES) throw invalid(at, `more than ${MAX_VALUES} values in one frame`);
  }

  private raw(at: number, length: number, head: number): void {
    this.need(at, head + length);
    this.pos = at + head + length;
  }

  private fixed(at: number, size: number): void {
    this.need(at, size);
    this.pos = at + size;
  }

  private uint(at: number, width: 1 | 2 | 4): number {
    this.need(at - 1, 1 + width);
    const b = this.bytes;
    if (width === 1) return b[at];
    if (width === 2) return (b[at] << 8) | b[at + 1];
    return b[at] * 0x1000000 + ((b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3]);
  }

  private byte(at: number): number {
    if (at >= this.bytes.length) throw invalid(at, 'the body ends where a value should be');
    return this.bytes[at];
  }

  /** `size` bytes from `at`, where a value's format byte is, must be in the body. */
  private need(at: number, size: number): void {
    if (at + size > this.bytes.length) throw invalid(at, `${formatName(this.bytes[at])} is cut off by the end of the body`);
  }

  private count(at: number, n: number): void {
    this.values += n;
    if (this.values > MAX_VALUES) throw invalid(at, `more than ${MAX_VALUES} values in one frame`);
  }

  refused(at: number, b: number): SpifbError {
    if (b === 0xc1) return invalid(at, 'byte 0xc1 is never used in msgpack');
    // ext 8/16/32 put the type after a 1/2/4-byte length; fixext right after the format byte.
    const typeAt = at + (b === 0xc7 ? 2 : b === 0xc8 ? 3 : b === 0xc9 ? 5 : 1);
    const type = typeAt < this.bytes.length ? ` type ${(this.bytes[typeAt] << 24) >> 24}` : '';
    return invalid(at, `${formatName(b)}${type}: extension types are not part of the protocol`);
  }
}

/** Names from the spec's format table, for messages. */
export function formatName(b: number): string {
  if (b <= 0x7f) return 'positive fixint';
  if (b <= 0x8f) return 'fixmap';
  if (b <= 0x9f) return 'fixarray';
  if (b <= 0xbf) return 'fixstr';
  if (b >= 0xe0) return 'negative fixint';
  return FORMATS[b - 0xc0];
}

const FORMATS = [
  'nil', '0xc1 (never used)', 'false', 'true', 'bin 8', 'bin 16', 'bin 32', 'ext 8', 'ext 16', 'ext 32',
  'float 32', 'float 64', 'uint 8', 'uint 16', 'uint 32', 'uint 64', 'int 8', 'int 16', 'int 32', 'int 64',
  'fixext 1', 'fixext 2', 'fixext 4', 'fixext 8', 'fixext 16', 'str 8', 'str 16', 'str 32',
  'array 16', 'array 32', 'map 16', 'map 32',
];
