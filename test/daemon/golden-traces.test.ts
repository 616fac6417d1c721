import t from 'tap';
import { DBI_TRACE_MAGIC } from '../../daemon/sim/dbi-trace.js';
import { allRuns, firstDifference, formatDifference, readFixture, recordAll, runName, summarise } from '../helpers/golden-traces.js';

// Issue 13: a restructuring of daemon/ must send byte for byte the same DBI
// trace as before, for every preset × rotation, on one fixed frame sequence
// (test/helpers/golden-traces.ts). A change on purpose (a fixed defect, a new
// preset): regenerate with `npx tsx test/helpers/golden-traces.ts --write` and say
// in the commit which runs changed and why.

t.test('every preset × rotation sends the DBI trace recorded in test/fixtures/golden-traces.json', async (t) => {
  const golden = readFixture().traces;
  const actual = await recordAll();
  const names = allRuns().map(({ panel, rotation }) => runName(panel, rotation));
  t.same(Object.keys(golden), names, 'the fixture covers exactly the presets × rotations, in preset order');
  for (const name of names) {
    if (!golden[name]) continue; // reported by the coverage check above
    const d = firstDifference(golden[name], actual[name]);
    t.ok(!d, d ? `${name} changed: ${formatDifference(d)}` : name, d ? { record: d.record, step: d.step, after: d.after, size: d.size, wanted: d.expected, found: d.actual } : {});
  }
});

t.test('a changed byte is reported at its record, with its step and the command it follows', async (t) => {
  // RESX | CASET 0..1 | RAMWR with 20 pixel bytes (long enough to be hashed, not spelt out).
  const record = (kind: number, bytes: number[]): number[] => [kind, bytes.length, 0, 0, 0, ...bytes];
  const trace = (firstPixel: number): Uint8Array => Uint8Array.from([...DBI_TRACE_MAGIC, ...record(2, []),
    ...record(0, [0x2a]), ...record(1, [0, 0, 0, 1]), ...record(0, [0x2c]), ...record(1, [firstPixel, ...new Array(19).fill(0)])]);
  // Step 1 ends after CASET's parameters (8 + 5 + 6 + 9 bytes), step 2 with the pixels (59).
  const before = summarise({ trace: trace(0), stepEnds: [28, 59] });
  t.same(before.steps, [3, 5]);
  t.same(before.records.slice(0, 4), ['r', 'c 2a', 'd 00 00 00 01', 'c 2c']);
  t.match(before.records[4], /^d 20B [0-9a-f]{8}$/);
  t.equal(firstDifference(before, summarise({ trace: trace(0), stepEnds: [] })), null);
  const d = firstDifference(before, summarise({ trace: trace(0xff), stepEnds: [] }));
  t.match(d, { record: 4, step: 'a small rect', after: '#3 c 2c', expected: /^d 20B /, actual: /^d 20B / });
  t.not(d!.expected, d!.actual);
  t.match(formatDifference(d!), /^59 → 59 bytes, 5 → 5 records; first difference at record #4, in step "a small rect", after command #3 c 2c/);
});
