import { Packr } from 'msgpackr';

/**
 * Generates hostile protocol frames from a seed (so a failure replays):
 * well-framed msgpack maps with wrong types, NaN/negative/huge rects, huge
 * arrays, long strings and odd ids (`request`), and byte-level mutations of
 * valid frames — bit flips, truncation, lying lengths, garbage, deep nesting
 * (`mutated`).
 */
export class FrameFuzzer {
  private s: number;
  private readonly packr = new Packr({ useRecords: false, mapsAsObjects: true, moreTypes: false });

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
      case 6: return Array.from({ length: this.int(2000) === 0 ? 20_000 : this.int(50) === 0 ? 257 + this.int(10) : this.int(6) }, () => this.rect());
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
    switch (this.int(7)) {
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
}
