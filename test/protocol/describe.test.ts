import t from 'tap';
import { clipText, describeValue } from '../../protocol/describe.js';
import { checkBlit } from '../../protocol/messages/draw.js';
import { SpifbError } from '../../protocol/errors.js';
import { sharedReferenceGraph } from './msgpackr-bombs.js';

// Error messages say what a client sent without rendering it: even a value the
// framing would never let through (a graph with 2^30 leaves) costs nothing.

const cpuMs = (f: () => void): number => {
  const start = process.cpuUsage();
  f();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
};

t.test('describeValue: the type and at most ~40 characters', async (t) => {
  t.equal(describeValue('rgb565'), '"rgb565"');
  t.equal(describeValue('x'.repeat(100_000)), `"${'x'.repeat(40)}"… (100000 chars)`);
  t.equal(describeValue(42), '42');
  t.equal(describeValue(1.5), '1.5');
  t.equal(describeValue(NaN), 'NaN');
  t.equal(describeValue(true), 'true');
  t.equal(describeValue(null), 'nil');
  t.equal(describeValue(undefined), 'nothing');
  t.equal(describeValue(2n ** 64n), '18446744073709551616n');
  t.equal(describeValue(new Uint8Array(7)), 'bin of 7 bytes');
  t.equal(describeValue([1, [2, [3]]]), 'array of 2 items');
  t.equal(describeValue({ a: 1 }), 'map');
  t.equal(describeValue(new Date(0)), 'Date');
  t.equal(describeValue(Symbol('s')), 'symbol');
});

t.test('describeValue never walks a value', async (t) => {
  const graph = sharedReferenceGraph(30); // 2^30 leaves; String() or JSON.stringify would never finish
  const wide = Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`k${i}`, i]));
  const long = new Array(1e7).fill(0);
  let out = '';
  const ms = cpuMs(() => (out = describeValue(graph) + describeValue(wide) + describeValue(long)));
  t.ok(ms < 50, `${ms.toFixed(2)} ms`);
  t.equal(out, 'array of 2 itemsmaparray of 10000000 items');
});

t.test('clipText', async (t) => {
  t.equal(clipText('short'), 'short');
  t.equal(clipText('y'.repeat(300)), `${'y'.repeat(200)}… (300 chars)`);
  t.equal(clipText('abcdef', 3), 'abc… (6 chars)');
});

t.test('validator messages stay bounded whatever the value', async (t) => {
  const rect = { x: 0, y: 0, w: 1, h: 1 };
  const screen = { width: 10, height: 10 };
  for (const format of [sharedReferenceGraph(30), Buffer.alloc(4_000_000, 0x66).toString('latin1'), { a: sharedReferenceGraph(30) }]) {
    let message = '';
    const ms = cpuMs(() => {
      try {
        checkBlit({ rect, format, pixels: new Uint8Array(2) }, screen);
      } catch (err) {
        message = (err as SpifbError).message;
      }
    });
    t.ok(ms < 50, `EBAD_FORMAT in ${ms.toFixed(1)} ms`);
    t.match(message, /^unknown pixel format /);
    t.ok(message.length < 100, message);
  }
});

t.test('fromWire: an odd code is described, not rendered', async (t) => {
  let e: SpifbError | undefined;
  t.ok(cpuMs(() => (e = SpifbError.fromWire({ code: sharedReferenceGraph(30), message: 'm' }))) < 50);
  t.equal(e!.code, 'EINTERNAL');
  t.equal(e!.message, 'array of 2 items: m');
  t.equal(SpifbError.fromWire({ code: 'E'.repeat(1000), message: 'm' }).message.length < 100, true);
});
