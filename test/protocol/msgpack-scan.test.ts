import tap from 'tap';
import { Packr } from 'msgpackr';
import { FrameDecoder, MAX_KEY_BYTES, MAX_NESTING_DEPTH, MAX_VALUES } from '../../protocol/framing.js';
import { frameOf, recordsBody, referenceBombBody, structuredCloneBody } from './msgpackr-bombs.js';

// What the decoder refuses before msgpackr sees a body. Fixtures are written
// by hand from the msgpack spec's format table
// (https://github.com/msgpack/msgpack/blob/master/spec.md#formats-overview);
// only the msgpackr-feature cases use msgpackr's encoder, on purpose.

const decode = (body: number[] | Uint8Array): Record<string, unknown>[] => new FrameDecoder().push(frameOf(Uint8Array.from(body)));

/** EBAD_FRAME whose message names the byte offset in the body. */
function rejects(t: Pick<typeof tap, 'throws'>, body: number[] | Uint8Array, what: string, at?: number, message?: RegExp): void {
  t.throws(() => decode(body), { code: 'EBAD_FRAME', message: at === undefined ? /at byte \d+/ : new RegExp(`at byte ${at}:`) }, what);
  if (message) t.throws(() => decode(body), { message }, `${what}: says why`);
}

// fixmap of 1, fixstr "a" (0xa1 0x61), then the value: the value starts at byte 3.
const inA = (...value: number[]): number[] => [0x81, 0xa1, 0x61, ...value];

tap.test('the limits are the documented ones', async (t) => {
  t.equal(MAX_NESTING_DEPTH, 32);
  t.equal(MAX_VALUES, 8192);
  t.equal(MAX_KEY_BYTES, 64);
});

tap.test('every ext form, whatever the type code, is rejected where it stands', async (t) => {
  // Application types 0..127 (0x62 'b', 0x69 'i', 0x70 'p', 0x72 'r', 0x73 's', 0x74 't' are msgpackr's),
  // and reserved -1..-128 (-1 is the spec's timestamp).
  const types = [0, 1, 5, 0x62, 0x69, 0x70, 0x72, 0x73, 0x74, 0x7f, 0xff, 0x80, 0xfe];
  const forms: [string, (type: number) => number[]][] = [
    ['fixext 1', (ty) => [0xd4, ty, 0x00]],
    ['fixext 2', (ty) => [0xd5, ty, 0x00, 0x00]],
    ['fixext 4', (ty) => [0xd6, ty, 0, 0, 0, 0]],
    ['fixext 8', (ty) => [0xd7, ty, 0, 0, 0, 0, 0, 0, 0, 0]],
    ['fixext 16', (ty) => [0xd8, ty, ...new Array(16).fill(0)]],
    ['ext 8', (ty) => [0xc7, 0x01, ty, 0x00]], // u8 length 1, type, data
    ['ext 16', (ty) => [0xc8, 0x00, 0x01, ty, 0x00]],
    ['ext 32', (ty) => [0xc9, 0x00, 0x00, 0x00, 0x01, ty, 0x00]],
    ['ext 8 of 0 bytes', (ty) => [0xc7, 0x00, ty]],
  ];
  for (const [form, ext] of forms) {
    for (const ty of types) {
      const type = ty > 127 ? ty - 256 : ty;
      rejects(t, inA(...ext(ty)), `${form} type ${type} as a value`, 3, /extension types are not part of the protocol/);
      rejects(t, ext(ty), `${form} type ${type} as the body`, 0);
      rejects(t, [0x81, ...ext(ty), 0x01], `${form} type ${type} as a key`, 1);
      rejects(t, inA(0x92, 0x01, ...ext(ty)), `${form} type ${type} in an array`, 5);
    }
  }
  // And the whole square, all 256 codes in all nine forms, counted in one assertion.
  let accepted = 0;
  for (const [, ext] of forms) {
    for (let ty = 0; ty < 256; ty++) {
      try {
        decode(inA(...ext(ty)));
        accepted++;
      } catch (err) {
        if ((err as { code?: string }).code !== 'EBAD_FRAME') accepted++;
      }
    }
  }
  t.equal(accepted, 0, 'no ext of any code or form decodes');
  // Well-formed timestamps (spec "Timestamp extension type"): msgpackr makes Dates of them.
  rejects(t, inA(0xd6, 0xff, 0, 0, 0, 1), 'timestamp 32', 3, /type -1/);
  rejects(t, inA(0xd7, 0xff, 0, 0, 0, 0, 0, 0, 0, 1), 'timestamp 64', 3, /type -1/);
  rejects(t, inA(0xc7, 0x0c, 0xff, ...new Array(12).fill(0)), 'timestamp 96', 3, /type -1/);
  // A cut-off ext is still an ext.
  rejects(t, inA(0xd4), 'fixext 1 without its type', 3, /extension/);
});

tap.test('0xc1 (never used) anywhere', async (t) => {
  rejects(t, [0xc1], 'as the body', 0, /0xc1/);
  rejects(t, inA(0xc1), 'as a value', 3, /0xc1/);
  rejects(t, [0x81, 0xc1, 0x01], 'as a key', 1, /0xc1/);
  rejects(t, inA(0x93, 0x01, 0x02, 0xc1), 'in an array', 6, /0xc1/);
});

tap.test('map keys must be str or int', async (t) => {
  const keys: [string, number[]][] = [
    ['nil', [0xc0]],
    ['true', [0xc3]],
    ['false', [0xc2]],
    ['float 32 1.0', [0xca, 0x3f, 0x80, 0x00, 0x00]],
    ['float 64 1.0', [0xcb, 0x3f, 0xf0, 0, 0, 0, 0, 0, 0]],
    ['bin 8 "a"', [0xc4, 0x01, 0x61]],
    ['fixarray []', [0x90]],
    ['fixarray [1]', [0x91, 0x01]],
    ['fixmap {}', [0x80]],
    ['array 16 []', [0xdc, 0x00, 0x00]],
    ['map 16 {}', [0xde, 0x00, 0x00]],
  ];
  for (const [what, key] of keys) {
    rejects(t, [0x81, ...key, 0x01], `${what} key`, 1, /keys must be str or int/);
    rejects(t, inA(0x81, ...key, 0x01), `${what} key in a nested map`, 4);
  }
  // Allowed: every str and int width.
  t.same(decode([0x82, 0xd9, 0x02, 0x69, 0x64, 0x01, 0xda, 0x00, 0x01, 0x62, 0x02]), [{ id: 1, b: 2 }], 'str 8, str 16');
  t.same(decode([0x81, 0xdb, 0x00, 0x00, 0x00, 0x01, 0x62, 0x02]), [{ b: 2 }], 'str 32');
  t.same(decode([0x83, 0x07, 0x01, 0xff, 0x02, 0xd0, 0x80, 0x03]), [{ '7': 1, '-1': 2, '-128': 3 }], 'fixints and int 8');
  t.same(decode([0x81, 0xcf, 0, 0, 0, 0x01, 0, 0, 0, 0, 0x01]), [{ '4294967296': 1 }], 'uint 64');
  t.same(decode([0x81, 0xa2, 0xc3, 0xa9, 0x01]), [{ 'é': 1 }], 'UTF-8 key');
  rejects(t, [0x81, 0xa2, 0xc3, 0x28, 0x01], 'a key that is not UTF-8', 1, /UTF-8/);
  rejects(t, [0x81, 0xa3, 0xed, 0xa0, 0x80, 0x01], 'a key holding a UTF-16 surrogate', 1, /UTF-8/);
  const long = (n: number) => [0x81, 0xd9, n, ...new Array(n).fill(0x6b), 0x01];
  t.equal(Object.keys(decode(long(MAX_KEY_BYTES))[0])[0].length, 64, 'a 64-byte key');
  rejects(t, long(MAX_KEY_BYTES + 1), 'a 65-byte key', 1, /longer than 64/);
});

tap.test('duplicate keys, as msgpackr would store them', async (t) => {
  rejects(t, [0x82, 0xa1, 0x61, 0x01, 0xa1, 0x61, 0x02], '"a" twice', 4, /duplicate map key/);
  rejects(t, [0x82, 0xa2, 0x69, 0x64, 0x01, 0xd9, 0x02, 0x69, 0x64, 0x02], 'fixstr "id", then str 8 "id"', 5);
  rejects(t, [0x82, 0x01, 0x01, 0xa1, 0x31, 0x02], 'int 1, then "1"', 3);
  rejects(t, [0x82, 0xa1, 0x31, 0x01, 0x01, 0x02], '"1", then int 1', 4);
  rejects(t, [0x82, 0x01, 0x01, 0xcc, 0x01, 0x02], 'fixint 1, then uint 8 1', 3);
  rejects(t, [0x82, 0xff, 0x01, 0xd3, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02], '-1 as fixint and int 64', 3);
  const proto = [0xa9, ...Buffer.from('__proto__')];
  const proto_ = [0xa8, ...Buffer.from('__proto_')];
  rejects(t, [0x82, ...proto, 0x01, ...proto_, 0x02], '__proto__ and __proto_ (msgpackr stores the first as the second)', 12);
  rejects(t, inA(0x82, 0xa1, 0x78, 0x01, 0xa1, 0x78, 0x02), 'in a nested map', 7);
  // Over 16 entries the scanner uses a set of names, not pairwise compares.
  const entries = (n: number) => Array.from({ length: n }, (_, i) => [0xa2, 0x6b, 0x41 + i, 0xc0]).flat();
  t.equal(Object.keys(decode([0xde, 0x00, 20, ...entries(20)])[0]).length, 20, '20 distinct keys');
  rejects(t, [0xde, 0x00, 21, ...entries(20), 0xa2, 0x6b, 0x41, 0xc0], 'the 21st repeats the 1st', 83);
  t.same(decode([0x82, 0xa1, 0x61, 0x01, 0xa1, 0x62, 0x01]), [{ a: 1, b: 1 }], 'equal values are fine');
  t.same(decode([0x82, 0xa1, 0x31, 0x01, 0xa2, 0x31, 0x30, 0x01]), [{ '1': 1, '10': 1 }], 'a prefix is another key');
});

tap.test('nesting deeper than 32 levels', async (t) => {
  // The top-level map is level 1; each fixarray of 1 adds one.
  const nested = (levels: number) => inA(...new Array(levels - 1).fill(0x91), 0xc0);
  t.equal(decode(nested(MAX_NESTING_DEPTH)).length, 1, '32 levels');
  rejects(t, nested(MAX_NESTING_DEPTH + 1), '33 levels', 3 + 31, /deeper than 32/);
  // A bomb: 1 MiB of fixmap {"a": …} would overflow a recursive decoder's stack.
  const depth = 349_525;
  const bomb = new Uint8Array(depth * 3 + 1);
  for (let i = 0; i < depth; i++) bomb.set([0x81, 0xa1, 0x61], i * 3);
  bomb[depth * 3] = 0xc0;
  const cpu = process.cpuUsage();
  rejects(t, bomb, 'a 1 MiB depth bomb', 96, /deeper than 32/);
  const used = process.cpuUsage(cpu);
  t.ok(used.user + used.system < 100_000, 'rejected at once');
});

tap.test('trailing bytes after the top-level map', async (t) => {
  rejects(t, [0x80, 0x01], 'fixmap {} then 1', 1, /1 byte\(s\) after the map/);
  rejects(t, [0x80, 0xc0], 'fixmap {} then nil', 1);
  rejects(t, [...inA(0x01), 0x80], 'a map, then another', 4);
  rejects(t, [...inA(0x01), 0xc1], 'a map, then 0xc1', 4);
});

tap.test('truncated values', async (t) => {
  const cases: [string, number[], number][] = [
    ['str 8 without its length', inA(0xd9), 3],
    ['str 16 with one length byte', inA(0xda, 0x00), 3],
    ['str 32 claiming 9 bytes, 0 present', inA(0xdb, 0, 0, 0, 9), 3],
    ['fixstr of 5, 2 present', inA(0xa5, 0x61, 0x62), 3],
    ['bin 8 without its length', inA(0xc4), 3],
    ['bin 16 claiming 2 bytes, 1 present', inA(0xc5, 0x00, 0x02, 0x00), 3],
    ['bin 32 with three length bytes', inA(0xc6, 0, 0, 0), 3],
    ['array 16 with one count byte', inA(0xdc, 0x00), 3],
    ['array 32 with three count bytes', inA(0xdd, 0x00, 0x00, 0x00), 3],
    ['map 16 without its count', inA(0xde), 3],
    ['map 32 with two count bytes', inA(0xdf, 0x00, 0x00), 3],
    ['fixarray of 2, 1 present', inA(0x92, 0x01), 3],
    ['uint 64 with 7 bytes', inA(0xcf, 0, 0, 0, 0, 0, 0, 0), 3],
    ['int 16 with 1 byte', inA(0xd1, 0x00), 3],
    ['float 64 with 4 bytes', inA(0xcb, 0x3f, 0xf0, 0, 0), 3],
    ['float 32 with 3 bytes', inA(0xca, 0x3f, 0x80, 0), 3],
    ['a key without its value', [0x81, 0xa1, 0x61], 3],
    ['map of 2, one entry present', [0x82, 0xa1, 0x61, 0x01], 0],
  ];
  for (const [what, body, at] of cases) rejects(t, body, what, at);
});

tap.test('a count claiming 2^32 - 1 items fails at once, before any is read', async (t) => {
  // A 10-byte frame: map 32 claiming 4294967295 entries, then one byte.
  const frame = [0x00, 0x00, 0x00, 0x06, 0xdf, 0xff, 0xff, 0xff, 0xff, 0x00];
  t.throws(() => new FrameDecoder().push(Uint8Array.from(frame)), { code: 'EBAD_FRAME', message: /at byte 0: map of 4294967295 entries cannot fit/ });
  // A 10-byte frame: array 32 claiming 4294967295 items, at the top, where only a map may stand.
  t.throws(() => new FrameDecoder().push(Uint8Array.of(0, 0, 0, 6, 0xdd, 0xff, 0xff, 0xff, 0xff, 0x00)), { code: 'EBAD_FRAME', message: /at byte 0: the body is array 32/ });
  // An 11-byte frame: {0: array 32 of 4294967295}.
  const body = [0x81, 0x00, 0xdd, 0xff, 0xff, 0xff, 0xff];
  rejects(t, body, 'array 32 of 2^32 - 1', 2, /array of 4294967295 entries cannot fit in the 0 byte/);
  const heap = process.memoryUsage().heapUsed;
  const cpu = process.cpuUsage();
  let thrown = 0;
  for (let i = 0; i < 100; i++) {
    try {
      decode(body);
    } catch {
      thrown++;
    }
  }
  const used = process.cpuUsage(cpu);
  t.equal(thrown, 100);
  t.ok(used.user + used.system < 100_000, `100 rejections in ${(used.user + used.system) / 1000} ms`);
  t.ok(process.memoryUsage().heapUsed - heap < 16 * 1024 * 1024, 'nothing the size of the claim was allocated');
});

tap.test('at most 8192 values in one frame', async (t) => {
  // {"a": array 16 of n nils}: 1 map + 1 key + 1 array + n values.
  const nils = (n: number) => inA(0xdc, n >> 8, n & 0xff, ...new Array(n).fill(0xc0));
  t.equal((decode(nils(MAX_VALUES - 3))[0].a as unknown[]).length, 8189, 'exactly at the limit');
  rejects(t, nils(MAX_VALUES - 2), 'one more', 3, /more than 8192 values/);
  // Counted through nesting too: 3000 fixarrays of 2.
  const pairs = inA(0xdc, 3000 >> 8, 3000 & 0xff, ...new Array(3000).fill([0x92, 0x01, 0x02]).flat());
  rejects(t, pairs, '3000 pairs = 9003 values', undefined, /more than 8192 values/);
});

tap.test('valid msgpack still decodes', async (t) => {
  const body = [
    0x87,
    0xa1, 0x61, 0xc0, // a: nil
    0xa1, 0x62, 0x92, 0xc2, 0xc3, // b: [false, true]
    0xa1, 0x63, 0xcb, 0x3f, 0xf8, 0, 0, 0, 0, 0, 0, // c: 1.5
    0xa1, 0x64, 0xc4, 0x02, 0x01, 0x02, // d: bin [1, 2]
    0xa1, 0x65, 0x81, 0xa1, 0x66, 0x90, // e: {f: []}
    0xa1, 0x67, 0xd2, 0xff, 0xff, 0xff, 0xfe, // g: -2
    0xa1, 0x68, 0xca, 0x3f, 0x80, 0, 0, // h: 1.0
  ];
  const [m] = decode(body);
  t.match(m, { a: null, b: [false, true], c: 1.5, e: { f: [] }, g: -2, h: 1 });
  t.same([...(m.d as Uint8Array)], [1, 2]);
});

tap.test("msgpackr's own features are rejected", async (t) => {
  const info = { id: 1, op: 'info' };
  const records = recordsBody(info);
  t.same([...records.subarray(0, 2)], [0xd4, 0x72], 'a records frame starts with a record definition, fixext 1 type 0x72');
  rejects(t, records, 'records (useRecords)', 0, /fixext 1 type 114/);
  rejects(t, new Packr({ useRecords: false }).pack({ ...info, x: undefined }), 'undefined', undefined, /fixext 1 type 0:/);
  rejects(t, new Packr({ useRecords: false, bundleStrings: true }).pack({ ...info, s: 'a string long enough to bundle' }), 'bundled strings');
  rejects(t, new Packr({ useRecords: false, moreTypes: true }).pack({ ...info, s: new Set([1]) }), 'a Set (moreTypes)');
  rejects(t, new Packr({ useRecords: false }).pack({ ...info, d: new Date(0) }), 'a Date');
  const shared = {};
  rejects(t, structuredCloneBody({ ...info, a: [shared, shared] }), 'structured clone ids', undefined, /type 105/);
});

tap.test('the shared-reference bomb is rejected quickly', async (t) => {
  // 2^22 leaves in ~300 bytes: with the old decoder, the message for a
  // trailing byte stringified it (seconds); `format` in blit too.
  for (const [what, body, extra] of [
    ['with a trailing byte', referenceBombBody({ id: 1, op: 'info' }, 'x'), [0xc0]],
    ['as blit format', referenceBombBody({ id: 1, op: 'blit', rect: { x: 0, y: 0, w: 1, h: 1 } }, 'format'), []],
    ['as present slot', referenceBombBody({ id: 1, op: 'present' }, 'slot'), []],
  ] as const) {
    t.ok(body.length < 512, `${what}: ${body.length} bytes`);
    const cpu = process.cpuUsage();
    t.throws(() => new FrameDecoder().push(frameOf(body, [...extra])), { code: 'EBAD_FRAME', message: /extension types/ }, what);
    const used = process.cpuUsage(cpu);
    // A regression bound, not a benchmark: the old decoder took seconds.
    t.ok(used.user + used.system < 200_000, `${what}: rejected in ${((used.user + used.system) / 1000).toFixed(1)} ms CPU`);
  }
});
