import t from 'tap';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DbiTraceWriter, parseDbiTrace, replayDbiTrace, type DbiRecord } from '../../../daemon/sim/dbi-trace.js';
import { SimPanel } from '../../../daemon/sim/sim-panel.js';
import type { SimModuleModel } from '../../../daemon/sim/module-model.js';

// Format: ARCHITECTURE.md "DBI trace format": "SPIFBDBI", then [u8 kind][u32 LE length][bytes];
// kind 0 = command (DC low), 1 = data (DC high), 2 = reset pulse (length 0).
const MAGIC = [0x53, 0x50, 0x49, 0x46, 0x42, 0x44, 0x42, 0x49]; // "SPIFBDBI"

/** Draws two pixels on an 8x8 module: RESX, SLPOUT+DISPON in one command record, COLMOD 16-bit,
 *  CASET 1..2, RASET 3..3, RAMWR with red and blue. Byte values from ILI9341 datasheet V1.11 §8.2. */
const HAND_TRACE = Uint8Array.from([
  ...MAGIC,
  0x02, 0x00, 0x00, 0x00, 0x00, //                       reset, length 0
  0x00, 0x02, 0x00, 0x00, 0x00, 0x11, 0x29, //           command x2: SLPOUT (§8.2.12), DISPON (§8.2.19)
  0x00, 0x01, 0x00, 0x00, 0x00, 0x3a, //                 command: COLMOD (§8.2.33)
  0x01, 0x01, 0x00, 0x00, 0x00, 0x55, //                 data: 16 bits/pixel
  0x00, 0x01, 0x00, 0x00, 0x00, 0x2a, //                 command: CASET (§8.2.20)
  0x01, 0x04, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x02, // data: SC = 1, EC = 2
  0x00, 0x01, 0x00, 0x00, 0x00, 0x2b, //                 command: RASET (§8.2.21)
  0x01, 0x04, 0x00, 0x00, 0x00, 0x00, 0x03, 0x00, 0x03, // data: SP = 3, EP = 3
  0x00, 0x01, 0x00, 0x00, 0x00, 0x2c, //                 command: RAMWR (§8.2.22)
  0x01, 0x04, 0x00, 0x00, 0x00, 0xf8, 0x00, 0x00, 0x1f, // data: RGB565 0xF800 red, 0x001F blue
]);

const plain: SimModuleModel = {
  controller: 'plain',
  gramWidth: 8,
  gramHeight: 8,
  glass: { width: 8, height: 8, xOffset: 0, yOffset: 0, mirrorX: false, mirrorY: false, bgr: false, needsInversion: false },
  resetColmod: 0x66,
};

const rec = (kind: DbiRecord['kind'], bytes: number[]) => ({ kind, bytes: Uint8Array.from(bytes) });
// Compare as plain arrays so views and copies compare equal.
const plainRecords = (rs: DbiRecord[]) => rs.map((r) => ({ kind: r.kind, bytes: [...r.bytes] }));

t.test('a hand-written trace parses to the expected records', async (t) => {
  const records = parseDbiTrace(HAND_TRACE);
  t.same(plainRecords(records), plainRecords([
    rec('reset', []),
    rec('command', [0x11, 0x29]),
    rec('command', [0x3a]), rec('data', [0x55]),
    rec('command', [0x2a]), rec('data', [0x00, 0x01, 0x00, 0x02]),
    rec('command', [0x2b]), rec('data', [0x00, 0x03, 0x00, 0x03]),
    rec('command', [0x2c]), rec('data', [0xf8, 0x00, 0x00, 0x1f]),
  ]));
  t.same(plainRecords(parseDbiTrace(Uint8Array.from(MAGIC))), [], 'magic alone: no records');
});

t.test('replaying the hand-written trace draws the pixels', async (t) => {
  const panel = new SimPanel(plain);
  replayDbiTrace(parseDbiTrace(HAND_TRACE), panel);
  const v = panel.glassView();
  const at = (x: number, y: number) => [...v.rgb.subarray((y * 8 + x) * 3, (y * 8 + x) * 3 + 3)];
  t.same(at(1, 3), [255, 0, 0]);
  t.same(at(2, 3), [0, 0, 255]);
  t.equal(panel.pixelsWritten, 2);
  t.equal(panel.colmod, 0x55);
});

t.test('replay sends each command byte on its own and resets through RESX', async (t) => {
  const calls: string[] = [];
  replayDbiTrace([rec('command', [0x11, 0x29]), rec('data', [1, 2]), rec('reset', [])], {
    command: (c) => calls.push(`c${c}`),
    data: (b) => calls.push(`d${[...b]}`),
    hardwareReset: () => calls.push('r'),
  });
  t.same(calls, ['c17', 'c41', 'd1,2', 'r']);
});

t.test('writer → file → parse round trip', async (t) => {
  const dir = t.testdir();
  const path = join(dir, 'trace.dbi');
  // A small buffer so flushing on overflow and writing large records straight through both run.
  const w = new DbiTraceWriter(path, { bufferSize: 64 });
  const big = Uint8Array.from({ length: 1000 }, (_, i) => i & 0xff);
  w.reset();
  w.command(Uint8Array.of(0x2c));
  w.data(Uint8Array.of(0xf8, 0x00));
  w.data(big);
  w.command(Uint8Array.of(0x00));
  w.flush();
  const expected = [rec('reset', []), rec('command', [0x2c]), rec('data', [0xf8, 0x00]),
    { kind: 'data' as const, bytes: big }, rec('command', [0x00])];
  t.same(plainRecords(parseDbiTrace(readFileSync(path))), plainRecords(expected), 'readable after flush, before close');
  w.data(Uint8Array.of(7));
  w.close();
  w.close();
  t.same(plainRecords(parseDbiTrace(readFileSync(path))), plainRecords([...expected, rec('data', [7])]));
  t.throws(() => w.data(Uint8Array.of(1)), { code: 'ETRACE_CLOSED' });
});

t.test('the writer copies: reusing the caller buffer does not change the trace', async (t) => {
  const path = join(t.testdir(), 'reuse.dbi');
  const w = new DbiTraceWriter(path);
  const chunk = Uint8Array.of(1, 2, 3);
  w.data(chunk);
  chunk.fill(9);
  w.close();
  t.same(plainRecords(parseDbiTrace(readFileSync(path))), [{ kind: 'data', bytes: [1, 2, 3] }]);
});

t.test('garbage and truncated input give EBAD_TRACE with the byte offset', async (t) => {
  const bad: Array<[string, number[], number]> = [
    ['empty', [], 0],
    ['short magic', MAGIC.slice(0, 5), 0],
    ['wrong magic', [...MAGIC.slice(0, 7), 0x58], 7],
    ['truncated header', [...MAGIC, 0x00, 0x01, 0x00], 8],
    ['truncated body', [...MAGIC, 0x01, 0x04, 0x00, 0x00, 0x00, 0xaa, 0xbb], 8],
    ['unknown kind', [...MAGIC, 0x00, 0x01, 0, 0, 0, 0x11, 0x07, 0x00, 0, 0, 0], 14],
    ['reset with a length', [...MAGIC, 0x02, 0x01, 0, 0, 0, 0x00], 8],
    ['length past the end', [...MAGIC, 0x01, 0xff, 0xff, 0xff, 0xff], 8],
  ];
  for (const [name, bytes, offset] of bad) {
    t.throws(() => parseDbiTrace(Uint8Array.from(bytes)), {
      code: 'EBAD_TRACE',
      offset,
      message: new RegExp(`byte ${offset}\\b`),
    }, name);
  }
});
