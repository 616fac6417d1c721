import { Packr } from 'msgpackr';

/**
 * Generates hostile protocol frames from a seed (so a failure replays):
 * well-framed msgpack maps with wrong types, NaN/negative/huge rects, huge
 * arrays, long strings and odd ids (`request`); byte-level mutations of
 * valid frames — bit flips, truncation, lying lengths, garbage, deep nesting
 * (`mutated`); and maps written byte by byte with what no encoder of ours
 * writes — ext types of every code, 0xc1, keys that are not str or int,
 * duplicate keys, 64-bit and float edge values, long strings, nesting at and
 * past the limit, lying counts (`handWritten`).
 */
export class FrameFuzzer {
  private s: number;
  // `undefined` as nil: `request` frames are plain msgpack, so the validators
  // see them; ext types come from `handWritten`.
  private readonly packr = new Packr({ useRecords: false, mapsAsObjects: true, moreTypes: false, encodeUndefinedAsNil: true });

  constructor(readonly seed: number) {
    this.s = seed >>> 0;
  }

  /** mulberry32 */
  rand(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(n: number): number {
    return Math.floor(this.rand() * n);
  }

  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)];
  }

  private number(): number {
    return this.pick([0, 1, -1, 7, 239, 240, 319, 320, 0xffffff, 0x1000000, -0, 0.5, NaN, Infinity, -Infinity,
      2 ** 31, 2 ** 32, 2 ** 53, -(2 ** 53) - 2, 1e300, this.int(1000) - 500]);
  }

  private value(depth = 0): unknown {
    switch (this.int(depth > 2 ? 6 : 10)) {
      case 0: return this.number();
      case 1: return this.int(2) === 0;
      case 2: return null;
      case 3: return this.pick(['', 'rgb565', 'rgb888', 'rgba8888', 'xrgb8888', 'screen', 'glass', '🙂', 'x'.repeat(this.int(1000) === 0 ? 100_000 : this.int(40))]);
      case 4: return new Uint8Array(this.int(1000) === 0 ? this.int(400_000) : this.int(64));
      case 5: return this.rect();
      // At most 600 rects (~5,400 values), under the decoder's 8,192: these test the validators, not the framing.
      case 6: return Array.from({ length: this.int(2000) === 0 ? 600 : this.int(50) === 0 ? 257 + this.int(10) : this.int(6) }, () => this.rect());
      case 7: return { nested: this.value(depth + 1), more: this.value(depth + 1) };
      case 8: return [this.value(depth + 1), this.value(depth + 1)];
      default: return this.int(2) ? undefined : this.number();
    }
  }

  rect(): unknown {
    if (this.int(8) === 0) return this.value(3);
    const f = (): unknown => (this.int(4) === 0 ? this.pick([NaN, -1, -100, 1.5, 1e9, '3', null, undefined, 2 ** 53]) : this.int(330));
    return { x: f(), y: f(), w: f(), h: f() };
  }

  /** A well-framed request map whose content is anything. */
  request(id: number): Record<string, unknown> {
    const op = this.pick(['hello', 'info', 'fill', 'fill', 'blit', 'blit', 'present', 'present', 'snapshot', 'nope', 7, null, '']);
    const msg: Record<string, unknown> = { id: this.int(20) === 0 ? this.pick([-1, 1.5, NaN, '1', null, 2 ** 40, undefined]) : id, op };
    if (op === 'snapshot' && this.int(50) !== 0) msg.view = 'nope'; // keep 230 KB replies rare
    const keys = ['version', 'client', 'color', 'rect', 'format', 'pixels', 'stride', 'damage', 'view', 'extra'];
    for (let i = this.int(6); i > 0; i--) msg[this.pick(keys)] = this.value();
    if (op === 'hello' && this.int(2)) msg.version = this.pick([1, 2, 0, -1, 65536, NaN, '1']);
    return msg;
  }

  encode(message: unknown): Buffer {
    const body = this.packr.pack(message);
    const frame = Buffer.allocUnsafe(4 + body.length);
    frame.writeUInt32BE(body.length, 0);
    body.copy(frame, 4);
    return frame;
  }

  /** Bytes that are probably not a valid frame. */
  mutated(id: number): Buffer {
    const base = this.encode(this.request(id));
    switch (this.int(8)) {
      case 7: return this.handWritten(id);
      case 0: { // bit flips
        const b = Buffer.from(base);
        for (let i = 1 + this.int(4); i > 0; i--) b[this.int(b.length)] ^= 1 << this.int(8);
        return b;
      }
      case 1: return base.subarray(0, this.int(base.length)); // truncated
      case 2: { // a length that lies
        const b = Buffer.from(base);
        b.writeUInt32BE(this.pick([0, 1, base.length, 0x7fffffff, 0xffffffff, 4 * 1024 * 1024 + 1]), 0);
        return b;
      }
      case 3: { // garbage
        const b = Buffer.alloc(1 + this.int(64));
        for (let i = 0; i < b.length; i++) b[i] = this.int(256);
        return b;
      }
      case 4: { // not a map: array, scalar, bin, ext
        const body = this.pick([Buffer.from([0x93, 1, 2, 3]), Buffer.from([0x2a]), Buffer.from([0xc4, 1, 0]), Buffer.from([0xd4, 1, 0]), Buffer.from([0xc1])]);
        const b = Buffer.alloc(4 + body.length);
        b.writeUInt32BE(body.length, 0);
        body.copy(b, 4);
        return b;
      }
      case 5: { // deep nesting: fixmap{"a": fixmap{"a": …}} by hand, deeper than any sane decoder recursion
        const depth = this.pick([100, 1000, 100_000]);
        const body = Buffer.alloc(depth * 3 + 1);
        for (let i = 0; i < depth; i++) body.set([0x81, 0xa1, 0x61], i * 3);
        body[depth * 3] = 0xc0;
        const b = Buffer.alloc(4 + body.length);
        b.writeUInt32BE(body.length, 0);
        body.copy(b, 4);
        return b;
      }
      default: { // trailing bytes after the map, inside the declared length
        const extra = Buffer.from([0xc0, 0x01]);
        const b = Buffer.concat([base, extra]);
        b.writeUInt32BE(base.length - 4 + extra.length, 0);
        return b;
      }
    }
  }

  /** A request map written byte by byte around one hostile (or odd but valid) entry. */
  handWritten(id: number): Buffer {
    const op = str(this.pick(['info', 'fill', 'blit', 'present', 'hello', 'snapshot']));
    const head: Array<[number[], number[]]> = [[str('id'), uint32(id)], [str('op'), op]];
    const key = str(this.pick(['color', 'rect', 'format', 'damage', 'slot', 'next', 'version', 'view', 'extra']));
    switch (this.int(9)) {
      case 0: return frameOf(map([...head, [key, this.ext()]]));
      case 1: return frameOf(map([...head, [this.ext(), [0x01]]])); // an ext as a key
      case 2: return frameOf(map([...head, [key, [0xc1]]]));
      case 3: return frameOf(map([...head, [this.pick(BAD_KEYS), [0x01]]]));
      case 4: return frameOf(map([...head, [key, [0x01]], [key, [0x02]]])); // duplicate key
      case 5: return frameOf(map([...head, [key, this.pick(ODD_NUMBERS)]]));
      case 6: { // a long string: up to 1 MiB, as op or as a parameter
        const s = Buffer.alloc(this.pick([300, 70_000, 1 << 20]), 0x61 + this.int(26));
        const long = [0xdb, ...u32(s.length), ...s];
        return frameOf(map(this.int(2) ? [[str('id'), uint32(id)], [str('op'), long]] : [...head, [key, long]]));
      }
      case 7: { // fixarrays of 1 nested to 32 levels (the limit, valid) or past it
        const levels = this.pick([31, 32, 33, 40]);
        return frameOf(map([...head, [key, [...new Array(levels - 1).fill(0x91), 0xc0]]]));
      }
      default: { // a container count that lies (fails fast), or trailing bytes after the map
        const lie = this.pick([[0xdd, 0xff, 0xff, 0xff, 0xff], [0xdf, 0x7f, 0xff, 0xff, 0xff], [0xdc, 0xff, 0xff, 0x01]]);
        return this.int(2) ? frameOf(map([...head, [key, lie]])) : frameOf([...map(head), ...this.pick([[0x01], [0xc0], [0x80], [0xd4, 0x00, 0x00]])]);
      }
    }
  }

  private ext(): number[] {
    return extBytes(this.int(256), this.int(8), this.int(20));
  }
}

/**
 * One ext value of type byte `type` (0..255, i.e. -128..127) in form 0..7:
 * fixext 1, 2, 4, 8, 16 (0xd4..0xd8), then ext 8, 16, 32 (0xc7..0xc9) of `n` bytes.
 */
export function extBytes(type: number, form: number, n = 1): number[] {
  if (form < 5) return [0xd4 + form, type, ...new Array(1 << form).fill(0)];
  const len = form === 5 ? [n] : form === 6 ? [0, n] : u32(n);
  return [0xc2 + form, ...len, type, ...new Array(n).fill(0)];
}

/** {id, op: "info", extra: <ext>}, as a frame. */
export function extRequest(id: number, type: number, form: number): Buffer {
  return frameOf(map([[str('id'), uint32(id)], [str('op'), str('info')], [str('extra'), extBytes(type, form)]]));
}

// Byte builders from the msgpack spec's format table, so nothing here goes through an encoder.
const u32 = (n: number): number[] => [(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];
const uint32 = (n: number): number[] => [0xce, ...u32(n)];
const str = (s: string): number[] => [0xd9, s.length, ...Buffer.from(s, 'latin1')];
const map = (entries: Array<[number[], number[]]>): number[] => [0xde, entries.length >> 8, entries.length & 0xff, ...entries.flat(2)];

function frameOf(body: number[]): Buffer {
  return Buffer.from([...u32(body.length), ...body]);
}

/** Keys the protocol refuses: nil, bools, floats, bin, array, map. */
const BAD_KEYS = [[0xc0], [0xc2], [0xc3], [0xca, 0, 0, 0, 0], [0xcb, 0x7f, 0xf8, 0, 0, 0, 0, 0, 0], [0xc4, 0x01, 0x61], [0x90], [0x91, 0x01], [0x80]];

/** Valid msgpack numbers at the edges: uint64 max, int64 min, 2^53 + 1, NaN, ±Infinity, -0, a float 32 denormal. */
const ODD_NUMBERS = [
  [0xcf, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff],
  [0xd3, 0x80, 0, 0, 0, 0, 0, 0, 0],
  [0xcf, 0, 0x20, 0, 0, 0, 0, 0, 0x01],
  [0xcb, 0x7f, 0xf8, 0, 0, 0, 0, 0, 0],
  [0xcb, 0x7f, 0xf0, 0, 0, 0, 0, 0, 0],
  [0xcb, 0xff, 0xf0, 0, 0, 0, 0, 0, 0],
  [0xcb, 0x80, 0, 0, 0, 0, 0, 0, 0],
  [0xca, 0, 0, 0, 0x01],
  [0xd0, 0x80],
];

/**
 * The costliest requests of at most 4 MiB we know of, each a whole frame: the
 * largest valid blit, snapshots, the most values and keys the decoder allows,
 * 4 MiB strings where a short one is expected, and the hostile shapes that
 * must be refused cheaply. The screen is the default 240x320.
 */
export function heavyRequests(packr = new Packr({ useRecords: false, mapsAsObjects: true, encodeUndefinedAsNil: true })): Array<[string, Buffer]> {
  const frame = (m: object): Buffer => {
    const body = packr.pack(m);
    return Buffer.concat([Buffer.from(u32(body.length)), body]);
  };
  const screen = { x: 0, y: 0, w: 240, h: 320 };
  const big = (n: number) => Buffer.alloc(n, 0x61).toString('latin1');
  const stride = 13_100; // 319 rows of it plus one 960-byte row: just under 4 MiB
  const keysOf = (n: number, m: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${m}_${i}`.padEnd(64, 'k'), i]));
  return [
    ['blit of 4 MiB (rgba8888, stride 13100)', frame({ id: 1, op: 'blit', rect: screen, format: 'rgba8888', stride, pixels: new Uint8Array(stride * 319 + 960).fill(7) })],
    ['blit of the whole screen, rgb888', frame({ id: 1, op: 'blit', rect: screen, format: 'rgb888', pixels: new Uint8Array(240 * 320 * 3).map((_, i) => i * 7) })],
    ['fill of the whole screen', frame({ id: 1, op: 'fill', color: 0x123456 })],
    ['present of the whole screen', frame({ id: 1, op: 'present' })],
    ['present with 256 whole-screen damage rects', frame({ id: 1, op: 'present', damage: new Array(256).fill(screen) })],
    ['snapshot (screen)', frame({ id: 1, op: 'snapshot' })],
    ['snapshot (glass)', frame({ id: 1, op: 'snapshot', view: 'glass' })],
    ['a 4 MiB op', frame({ id: 1, op: big(4_194_000) })],
    ['a 4 MiB blit format', frame({ id: 1, op: 'blit', rect: screen, format: big(4_194_000), pixels: new Uint8Array(1) })],
    ['a 4 MiB bin as rect', frame({ id: 1, op: 'fill', color: 1, rect: new Uint8Array(4_194_000) })],
    ['damage of 8,180 nils', frame({ id: 1, op: 'present', damage: new Array(8180).fill(null) })],
    ['8,180 float 64 values', frame({ id: 1, op: 'info', extra: new Array(8180).fill(0.5) })],
    ['4,080 keys of 64 bytes in fixmaps', frame({ id: 1, op: 'info', extra: Array.from({ length: 272 }, (_, m) => keysOf(15, m)) })],
    ['one map of 4,000 keys of 64 bytes', frame({ id: 1, op: 'info', ...keysOf(4000, 0) })],
    ['values nested 32 levels deep', frame({ id: 1, op: 'info', extra: new Array(30).fill(0).reduce((a) => [a], 0) })],
    ['4 MiB of nested fixarrays', frameOf([...map([[str('id'), [0x01]], [str('a'), []]]), ...new Array(4_000_000).fill(0x91)])],
    ['array 32 claiming 2^32 - 1 items', frameOf(map([[str('id'), [0x01]], [str('a'), [0xdd, 0xff, 0xff, 0xff, 0xff]]]))],
  ];
}
