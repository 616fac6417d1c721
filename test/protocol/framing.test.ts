import t from 'tap';
import { encodeFrame, FrameDecoder, DEFAULT_MAX_FRAME_BYTES, FRAME_HEADER_BYTES } from '../../protocol/framing.js';

// Byte fixtures are written by hand from the msgpack spec
// (https://github.com/msgpack/msgpack/blob/master/spec.md), never by encodeFrame.
// A frame is a u32 big-endian body length, then the body.

// fixmap of 2: 'id' → 1, 'op' → 'info' — the shortest encoding, what most
// msgpack libraries write. Body: 1 + (3 + 1) + (3 + 5) = 13 = 0x0d bytes.
const INFO_FIXMAP = [
  0x00, 0x00, 0x00, 0x0d,
  0x82, // fixmap, 2 entries
  0xa2, 0x69, 0x64, // fixstr 'id'
  0x01, // positive fixint 1
  0xa2, 0x6f, 0x70, // fixstr 'op'
  0xa4, 0x69, 0x6e, 0x66, 0x6f, // fixstr 'info'
];

// The same map as encodeFrame writes it: msgpackr (without variableMapSize)
// always uses a map16 header, 0xde + u16 BE count. Body 15 = 0x0f bytes.
const INFO_MAP16 = [
  0x00, 0x00, 0x00, 0x0f,
  0xde, 0x00, 0x02, // map16, 2 entries
  0xa2, 0x69, 0x64, 0x01, // 'id' → 1
  0xa2, 0x6f, 0x70, 0xa4, 0x69, 0x6e, 0x66, 0x6f, // 'op' → 'info'
];

// The worked example in protocol/README.md: hello with id 1, version 1.
// fixmap of 3: 'id' → 1, 'op' → 'hello', 'version' → 1. Body 23 = 0x17 bytes.
const HELLO_FIXMAP = [
  0x00, 0x00, 0x00, 0x17,
  0x83,
  0xa2, 0x69, 0x64, 0x01, // 'id' → 1
  0xa2, 0x6f, 0x70, 0xa5, 0x68, 0x65, 0x6c, 0x6c, 0x6f, // 'op' → 'hello'
  0xa7, 0x76, 0x65, 0x72, 0x73, 0x69, 0x6f, 0x6e, 0x01, // 'version' → 1
];
// As encodeFrame writes it: map16 header 0xde 0x00 0x03, body 25 = 0x19 bytes.
const HELLO_MAP16 = [0x00, 0x00, 0x00, 0x19, 0xde, 0x00, 0x03, ...HELLO_FIXMAP.slice(5)];
// The order the client SDK writes ({...params, id, op}): version first.
const HELLO_MAP16_CLIENT_ORDER = [
  0x00, 0x00, 0x00, 0x19,
  0xde, 0x00, 0x03,
  0xa7, 0x76, 0x65, 0x72, 0x73, 0x69, 0x6f, 0x6e, 0x01, // 'version' → 1
  0xa2, 0x69, 0x64, 0x01, // 'id' → 1
  0xa2, 0x6f, 0x70, 0xa5, 0x68, 0x65, 0x6c, 0x6c, 0x6f, // 'op' → 'hello'
];

const INFO = { id: 1, op: 'info' };
const HELLO = { id: 1, op: 'hello', version: 1 };

/** A frame around a hand-written body. */
function frame(body: number[]): number[] {
  const n = body.length;
  return [(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff, ...body];
}

const bytes = (a: number[]): Buffer => Buffer.from(a);

t.test('encodeFrame writes the hand-written fixtures', async (t) => {
  t.same([...encodeFrame(INFO)], INFO_MAP16);
  t.same([...encodeFrame(HELLO)], HELLO_MAP16);
  t.same([...encodeFrame({ version: 1, id: 1, op: 'hello' })], HELLO_MAP16_CLIENT_ORDER);
  t.equal(FRAME_HEADER_BYTES, 4);
});

t.test('encodeFrame: u32 BE length past one byte, Uint8Array as bin16', async (t) => {
  const pixels = new Uint8Array(300).fill(0xab);
  const f = encodeFrame({ p: pixels });
  // body: map16 (3) + fixstr 'p' (2) + bin16 header 0xc5 0x01 0x2c (3) + 300 = 308 = 0x134
  t.same([...f.subarray(0, 12)], [0x00, 0x00, 0x01, 0x34, 0xde, 0x00, 0x01, 0xa1, 0x70, 0xc5, 0x01, 0x2c]);
  t.equal(f.length, 4 + 308);
  const [msg] = new FrameDecoder().push(f);
  t.ok(msg.p instanceof Uint8Array);
  t.same([...(msg.p as Uint8Array)], [...pixels]);
});

t.test('one whole frame', async (t) => {
  for (const fixture of [INFO_FIXMAP, INFO_MAP16]) {
    const d = new FrameDecoder();
    t.same(d.push(bytes(fixture)), [INFO]);
    t.equal(d.pendingBytes, 0);
  }
  t.same(new FrameDecoder().push(bytes(HELLO_FIXMAP)), [HELLO]);
  t.same(new FrameDecoder().push(bytes(HELLO_MAP16_CLIENT_ORDER)), [HELLO], 'key order is not significant');
});

t.test('a frame in 1-byte chunks', async (t) => {
  const d = new FrameDecoder();
  for (let i = 0; i < INFO_FIXMAP.length - 1; i++) {
    t.same(d.push(bytes([INFO_FIXMAP[i]])), []);
    t.equal(d.pendingBytes, i + 1);
  }
  t.same(d.push(bytes([INFO_FIXMAP[INFO_FIXMAP.length - 1]])), [INFO]);
  t.equal(d.pendingBytes, 0);
});

t.test('a frame split in two at every place (inside the header, inside the body)', async (t) => {
  for (let cut = 1; cut < HELLO_FIXMAP.length; cut++) {
    const d = new FrameDecoder();
    t.same(d.push(bytes(HELLO_FIXMAP.slice(0, cut))), [], `cut at ${cut}`);
    t.same(d.push(bytes(HELLO_FIXMAP.slice(cut))), [HELLO], `cut at ${cut}`);
  }
});

t.test('a frame in three chunks: inside the header, then inside the body', async (t) => {
  const d = new FrameDecoder();
  t.same(d.push(bytes(INFO_FIXMAP.slice(0, 2))), []);
  t.same(d.push(bytes(INFO_FIXMAP.slice(2, 9))), []);
  t.same(d.push(bytes(INFO_FIXMAP.slice(9))), [INFO]);
});

t.test('several frames back to back in one chunk', async (t) => {
  const d = new FrameDecoder();
  t.same(d.push(bytes([...INFO_FIXMAP, ...HELLO_FIXMAP, ...INFO_MAP16])), [INFO, HELLO, INFO]);
  t.equal(d.pendingBytes, 0);
});

t.test('a chunk ending with part of the next frame', async (t) => {
  const d = new FrameDecoder();
  t.same(d.push(bytes([...INFO_FIXMAP, ...HELLO_FIXMAP.slice(0, 6)])), [INFO]);
  t.equal(d.pendingBytes, 6);
  t.same(d.push(bytes([...HELLO_FIXMAP.slice(6), ...INFO_FIXMAP.slice(0, 2)])), [HELLO]);
  t.equal(d.pendingBytes, 2, 'a partial header is held too');
  t.same(d.push(bytes(INFO_FIXMAP.slice(2))), [INFO]);
});

t.test('a length over the limit is rejected from the header alone', async (t) => {
  t.equal(DEFAULT_MAX_FRAME_BYTES, 4 * 1024 * 1024);
  // 0x00400001 = 4 MiB + 1: no body byte is pushed.
  t.throws(() => new FrameDecoder().push(bytes([0x00, 0x40, 0x00, 0x01])), { code: 'EFRAME_TOO_LARGE' });
  t.throws(() => new FrameDecoder().push(bytes([0xff, 0xff, 0xff, 0xff])), { code: 'EFRAME_TOO_LARGE' });

  // Header arriving in two pieces: nothing until the 4th byte.
  const d = new FrameDecoder();
  t.same(d.push(bytes([0x00, 0x40])), []);
  t.throws(() => d.push(bytes([0x00, 0x01])), { code: 'EFRAME_TOO_LARGE' });
});

t.test('a length exactly at the limit is accepted', async (t) => {
  // 4 MiB exactly: only the header, the decoder waits for the body.
  const big = new FrameDecoder();
  t.same(big.push(bytes([0x00, 0x40, 0x00, 0x00])), []);
  t.equal(big.pendingBytes, 4);

  t.same(new FrameDecoder(13).push(bytes(INFO_FIXMAP)), [INFO], '13-byte body, limit 13');
  t.throws(() => new FrameDecoder(12).push(bytes(INFO_FIXMAP.slice(0, 4))), { code: 'EFRAME_TOO_LARGE' });
});

t.test('garbage body → EBAD_FRAME', async (t) => {
  // 0xc1 is the one byte the spec reserves ("never used").
  t.throws(() => new FrameDecoder().push(bytes(frame([0xc1]))), { code: 'EBAD_FRAME' });
  // fixmap of 1 whose key is 0xc1.
  t.throws(() => new FrameDecoder().push(bytes(frame([0x81, 0xc1, 0x01]))), { code: 'EBAD_FRAME' });
  // fixmap of 1: 'a' and then nothing — the value is missing.
  t.throws(() => new FrameDecoder().push(bytes(frame([0x81, 0xa1, 0x61]))), { code: 'EBAD_FRAME' });
  // fixext 1 of an unknown application type 5.
  t.throws(() => new FrameDecoder().push(bytes(frame([0xd4, 0x05, 0x00]))), { code: 'EBAD_FRAME' });
});

t.test('msgpack that is not a map → EBAD_FRAME', async (t) => {
  const cases: [string, number[]][] = [
    ['fixarray [1, 2]', [0x92, 0x01, 0x02]],
    ['empty fixarray', [0x90]],
    ['positive fixint 42', [0x2a]],
    ['nil', [0xc0]],
    ['true', [0xc3]],
    ['fixstr "a"', [0xa1, 0x61]],
    ['bin8 of 1 byte', [0xc4, 0x01, 0x00]],
    ['float64 1.0', [0xcb, 0x3f, 0xf0, 0, 0, 0, 0, 0, 0]],
    ['timestamp 32 (ext -1), decodes to a Date', [0xd6, 0xff, 0x00, 0x00, 0x00, 0x01]],
    ['a map with a map as key', [0x81, 0x80, 0x01]],
  ];
  for (const [what, body] of cases) {
    t.throws(() => new FrameDecoder().push(bytes(frame(body))), { code: 'EBAD_FRAME' }, what);
  }
});

t.test('trailing bytes after the map → EBAD_FRAME (one frame, one map)', async (t) => {
  // fixmap of 0, then positive fixint 1.
  t.throws(() => new FrameDecoder().push(bytes(frame([0x80, 0x01]))), { code: 'EBAD_FRAME' });
  // The info fixmap followed by nil.
  t.throws(() => new FrameDecoder().push(bytes(frame([...INFO_FIXMAP.slice(4), 0xc0]))), { code: 'EBAD_FRAME' });
  // Two maps in one frame.
  t.throws(() => new FrameDecoder().push(bytes(frame([...INFO_FIXMAP.slice(4), ...INFO_FIXMAP.slice(4)]))),
    { code: 'EBAD_FRAME' });
});

t.test('a zero-length frame → EBAD_FRAME', async (t) => {
  t.throws(() => new FrameDecoder().push(bytes([0x00, 0x00, 0x00, 0x00])), { code: 'EBAD_FRAME' });
});

t.test('an empty map is a valid frame', async (t) => {
  t.same(new FrameDecoder().push(bytes(frame([0x80]))), [{}]);
});

t.test('the decoder is unusable after an error', async (t) => {
  const d = new FrameDecoder();
  t.throws(() => d.push(bytes(frame([0xc1]))), { code: 'EBAD_FRAME' });
  t.equal(d.pendingBytes, 0);
  t.throws(() => d.push(bytes(INFO_FIXMAP)), { code: 'EBAD_FRAME' });

  const big = new FrameDecoder(8);
  t.throws(() => big.push(bytes(INFO_FIXMAP)), { code: 'EFRAME_TOO_LARGE' });
  t.throws(() => big.push(bytes(frame([0x80]))), { code: 'EBAD_FRAME' });
});

t.test('integer encodings: any width decodes to a number', async (t) => {
  const id = (valueBytes: number[]) =>
    new FrameDecoder().push(bytes(frame([0x81, 0xa2, 0x69, 0x64, ...valueBytes])))[0].id;
  t.equal(id([0x07]), 7, 'positive fixint');
  t.equal(id([0xcc, 0xc8]), 200, 'uint8');
  t.equal(id([0xcd, 0x01, 0x2c]), 300, 'uint16');
  t.equal(id([0xce, 0xff, 0xff, 0xff, 0xff]), 0xffffffff, 'uint32');
  // Some encoders (Go's vmihailenco/msgpack by default) write uint64 for any value.
  t.equal(id([0xcf, 0, 0, 0, 0, 0, 0, 0, 0x01]), 1, 'uint64 1');
  t.equal(id([0xcf, 0, 0, 0, 0x01, 0, 0, 0, 0]), 2 ** 32, 'uint64 2^32');
  t.equal(id([0xd3, 0, 0, 0, 0, 0, 0, 0, 0x05]), 5, 'int64 5');
  t.equal(id([0xd3, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]), -1, 'int64 -1');
  t.equal(id([0xff]), -1, 'negative fixint -1');
  t.equal(id([0xd0, 0x80]), -128, 'int8');
  t.notOk(Number.isSafeInteger(id([0xcf, 0xff, 0, 0, 0, 0, 0, 0, 0])), 'past 2^53: not a safe integer');
});

t.test('map keys: str8 keys decode like fixstr keys; integer keys become strings', async (t) => {
  // fixmap of 1: str8 'id' → 1
  t.same(new FrameDecoder().push(bytes(frame([0x81, 0xd9, 0x02, 0x69, 0x64, 0x01]))), [{ id: 1 }]);
  // fixmap of 1: 1 → 2
  t.same(new FrameDecoder().push(bytes(frame([0x81, 0x01, 0x02]))), [{ '1': 2 }]);
});

t.test('error event round trip', async (t) => {
  const ev = { event: 'error', code: 'EBAD_FRAME', message: 'frame body is not a msgpack map' };
  t.same(new FrameDecoder().push(encodeFrame(ev)), [ev]);
});

// The hello reply in protocol/README.md, written by hand as the daemon's encoder
// lays it out (map16 headers). Body 44 = 0x2c bytes.
const HELLO_REPLY_MAP16 = [
  0x00, 0x00, 0x00, 0x2c,
  0xde, 0x00, 0x03, // map16, 3 entries
  0xa2, 0x69, 0x64, 0x01, // 'id' → 1
  0xa2, 0x6f, 0x6b, 0xc3, // 'ok' → true
  0xa6, 0x72, 0x65, 0x73, 0x75, 0x6c, 0x74, // 'result' →
  0xde, 0x00, 0x02, //   map16, 2 entries
  0xa7, 0x76, 0x65, 0x72, 0x73, 0x69, 0x6f, 0x6e, 0x01, //   'version' → 1
  0xa6, 0x64, 0x61, 0x65, 0x6d, 0x6f, 0x6e, //   'daemon' →
  0xa6, 0x73, 0x70, 0x69, 0x66, 0x62, 0x64, //   'spifbd'
];

t.test('README worked example: hello request and reply', async (t) => {
  const reply = { id: 1, ok: true, result: { version: 1, daemon: 'spifbd' } };
  t.same([...encodeFrame(reply)], HELLO_REPLY_MAP16);
  t.same(new FrameDecoder().push(bytes(HELLO_REPLY_MAP16)), [reply]);

  // The hex blocks in the README are the fixtures above, byte for byte.
  const { readFileSync } = await import('node:fs');
  const readme = readFileSync(new URL('../../protocol/README.md', import.meta.url), 'utf8');
  const section = readme.slice(readme.indexOf('## Worked example'));
  const blocks = [...section.matchAll(/```\n([\s\S]*?)```/g)].map((m) => m[1]);
  t.equal(blocks.length, 3);
  // Hex pairs at the start of each line, before the two-space-plus comment column.
  const hex = (block: string) => block.split('\n').flatMap((line) => {
    const code = /^((?:[0-9a-f]{2}\s{1,2})*[0-9a-f]{2})(?:\s{3,}|$)/.exec(line.trimStart());
    return code ? code[1].split(/\s+/).map((h) => Number.parseInt(h, 16)) : [];
  });
  t.same(hex(blocks[0]), HELLO_FIXMAP, 'fixmap request');
  t.same(hex(blocks[1]), HELLO_MAP16, 'map16 request');
  t.same(hex(blocks[2]), HELLO_REPLY_MAP16, 'reply');
});
