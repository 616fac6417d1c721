import t from 'tap';
import { readFileSync } from 'node:fs';
import { checkHello, PROTOCOL_VERSION } from '../../protocol/messages/hello.js';
import { checkBlit, checkFill } from '../../protocol/messages/draw.js';
import { checkPresent, MAX_DAMAGE_RECTS } from '../../protocol/messages/present.js';
import { checkSnapshot } from '../../protocol/messages/snapshot.js';
import { OP_NAMES } from '../../protocol/ops.js';

const screen = { width: 320, height: 240 };
const WHOLE = { x: 0, y: 0, w: 320, h: 240 };

t.test('every op is documented in protocol/README.md, and every documented op exists', async (t) => {
  const readme = readFileSync(new URL('../../protocol/README.md', import.meta.url), 'utf8');
  // Operations are the ### headings between "## Operations" and "## Events" (events have headings of their own).
  const ops = readme.slice(readme.indexOf('\n## Operations'), readme.indexOf('\n## Events'));
  const documented = [...ops.matchAll(/^### `(\w+)`/gm)].map((m) => m[1]);
  t.same([...new Set(documented)].sort(), [...OP_NAMES].sort());
  t.ok(OP_NAMES.includes('hello') && OP_NAMES.includes('present'));
});

t.test('checkHello', async (t) => {
  t.equal(PROTOCOL_VERSION, 1);
  t.same(checkHello({ version: 1 }), { version: 1, client: undefined });
  t.same(checkHello({ version: 1, client: 'my-app' }), { version: 1, client: 'my-app' });
  t.same(checkHello({ version: 1, client: null }), { version: 1, client: undefined });
  t.throws(() => checkHello({ version: 2 }), { code: 'EVERSION' });
  t.throws(() => checkHello({ version: 0 }), { code: 'EVERSION' });
  t.throws(() => checkHello({}), { code: 'EBAD_REQUEST', message: /version/ }, 'missing version');
  t.throws(() => checkHello({ version: '1' }), { code: 'EBAD_REQUEST' });
  t.throws(() => checkHello({ version: 1.5 }), { code: 'EBAD_REQUEST' });
  t.throws(() => checkHello({ version: 0x10000 }), { code: 'EBAD_REQUEST' }, 'outside u16');
  t.throws(() => checkHello({ version: 1, client: 42 }), { code: 'EBAD_REQUEST', message: /client/ });
  t.throws(() => checkHello({ version: 1, client: 'x'.repeat(257) }), { code: 'EBAD_REQUEST' });
  t.same(checkHello({ version: 1, client: 'x'.repeat(256) }).client, 'x'.repeat(256));
});

t.test('checkFill', async (t) => {
  t.same(checkFill({ color: 0xff8800 }, screen), { color: 0xff8800, rect: WHOLE }, 'default rect: the whole screen');
  t.same(checkFill({ color: 0, rect: null }, screen), { color: 0, rect: WHOLE });
  t.same(checkFill({ color: 0xffffff, rect: { x: 1, y: 2, w: 3, h: 4 } }, screen),
    { color: 0xffffff, rect: { x: 1, y: 2, w: 3, h: 4 } });
  for (const color of [undefined, -1, 0x1000000, 1.5, '#ff8800', 'ff8800']) {
    t.throws(() => checkFill({ color }, screen), { code: 'EBAD_COLOR' }, String(color));
  }
  t.throws(() => checkFill({ color: 0, rect: { x: 0, y: 0, w: 321, h: 1 } }, screen), { code: 'EBAD_RECT' });
  t.throws(() => checkFill({ color: 0, rect: [0, 0, 1, 1] }, screen), { code: 'EBAD_RECT' });
});

t.test('checkBlit', async (t) => {
  const rect = { x: 10, y: 10, w: 2, h: 2 };
  // 2x2 rgb565, packed: 2 rows of 4 bytes = 8 bytes.
  t.same(checkBlit({ rect, format: 'rgb565', pixels: new Uint8Array(8) }, screen),
    { rect, format: 'rgb565', pixels: new Uint8Array(8), stride: 4 }, 'stride defaults to w * bytes per pixel');
  t.equal(checkBlit({ rect, format: 'rgb888', pixels: new Uint8Array(12) }, screen).stride, 6);
  t.equal(checkBlit({ rect, format: 'xrgb8888', pixels: new Uint8Array(16) }, screen).stride, 8);
  t.throws(() => checkBlit({ rect, format: 'rgb565', pixels: new Uint8Array(7) }, screen),
    { code: 'EBAD_LENGTH', message: /needs 8 bytes, got 7/ }, 'one byte short');
  t.throws(() => checkBlit({ rect, format: 'rgb565', pixels: new Uint8Array(9) }, screen),
    { code: 'EBAD_LENGTH' }, 'one byte long');

  // stride 10 > row 4: rows at 0 and 10; the last row may stop after its pixels (14) or run to 20.
  t.equal(checkBlit({ rect, format: 'rgb565', pixels: new Uint8Array(14), stride: 10 }, screen).stride, 10, 'last row short');
  t.equal(checkBlit({ rect, format: 'rgb565', pixels: new Uint8Array(20), stride: 10 }, screen).stride, 10, 'last row whole');
  t.throws(() => checkBlit({ rect, format: 'rgb565', pixels: new Uint8Array(13), stride: 10 }, screen), { code: 'EBAD_LENGTH' });
  t.throws(() => checkBlit({ rect, format: 'rgb565', pixels: new Uint8Array(21), stride: 10 }, screen), { code: 'EBAD_LENGTH' });
  t.throws(() => checkBlit({ rect, format: 'rgb565', pixels: new Uint8Array(8), stride: 3 }, screen),
    { code: 'EBAD_REQUEST', message: /stride/ }, 'stride shorter than a row');
  t.throws(() => checkBlit({ rect, format: 'rgb565', pixels: new Uint8Array(8), stride: 4.5 }, screen), { code: 'EBAD_REQUEST' });

  t.throws(() => checkBlit({ rect, format: 'bgr565', pixels: new Uint8Array(8) }, screen), { code: 'EBAD_FORMAT' });
  t.throws(() => checkBlit({ rect, pixels: new Uint8Array(8) }, screen), { code: 'EBAD_FORMAT' }, 'missing format');
  t.throws(() => checkBlit({ rect, format: 'rgb565', pixels: [0, 0, 0, 0, 0, 0, 0, 0] }, screen),
    { code: 'EBAD_REQUEST', message: /pixels must be msgpack bin/ });
  t.throws(() => checkBlit({ rect: { x: 319, y: 0, w: 2, h: 1 }, format: 'rgb565', pixels: new Uint8Array(4) }, screen),
    { code: 'EBAD_RECT' });
  t.throws(() => checkBlit({ format: 'rgb565', pixels: new Uint8Array(8) }, screen), { code: 'EBAD_RECT' }, 'rect is required');
});

t.test('checkPresent', async (t) => {
  t.same(checkPresent({}, screen), { damage: [WHOLE], next: false }, 'default damage: the whole screen');
  t.same(checkPresent({ damage: null }, screen), { damage: [WHOLE], next: false });
  t.same(checkPresent({ damage: [] }, screen), { damage: [], next: false }, 'an empty list is accepted');
  const r = { x: 0, y: 0, w: 1, h: 1 };
  t.equal(checkPresent({ damage: Array(MAX_DAMAGE_RECTS).fill(r) }, screen).damage.length, 256);
  t.throws(() => checkPresent({ damage: Array(MAX_DAMAGE_RECTS + 1).fill(r) }, screen), { code: 'EBAD_REQUEST' }, 'too many rects');
  t.throws(() => checkPresent({ damage: r }, screen), { code: 'EBAD_REQUEST' }, 'not an array');
  t.throws(() => checkPresent({ damage: [r, { x: 0, y: 0, w: 0, h: 1 }] }, screen),
    { code: 'EBAD_RECT', message: /damage\[1\]/ });
  t.throws(() => checkPresent({ damage: [{ x: 0, y: 239, w: 1, h: 2 }] }, screen),
    { code: 'EBAD_RECT', message: /damage\[0\]/ });
});

t.test('checkPresent: slot and next', async (t) => {
  t.match(checkPresent({ slot: 2, next: true }, screen), { slot: 2, next: true });
  t.match(checkPresent({ slot: 0, next: false }, screen), { slot: 0, next: false });
  t.match(checkPresent({ slot: null, next: null }, screen), { slot: undefined, next: false }, 'nil means not given');
  // The document says a bool; anything else used to be taken as false.
  for (const next of [1, 0, 'true', 'yes', [], {}, new Uint8Array(1), 1.5]) {
    t.throws(() => checkPresent({ slot: 0, next }, screen), { code: 'EBAD_REQUEST', message: /next/ }, `next: ${JSON.stringify(next)}`);
  }
  t.throws(() => checkPresent({ next: 1 }, screen), { code: 'EBAD_REQUEST' }, 'checked without slot too');
  for (const slot of [-1, 1.5, '0', [0], {}]) {
    t.throws(() => checkPresent({ slot }, screen), { code: 'EBAD_SLOT' }, `slot: ${JSON.stringify(slot)}`);
  }
});

t.test('checkSnapshot', async (t) => {
  t.same(checkSnapshot({}), { view: 'screen' });
  t.same(checkSnapshot({ view: null }), { view: 'screen' });
  t.same(checkSnapshot({ view: 'screen' }), { view: 'screen' });
  t.same(checkSnapshot({ view: 'glass' }), { view: 'glass' });
  t.throws(() => checkSnapshot({ view: 'panel' }), { code: 'EBAD_REQUEST' });
  t.throws(() => checkSnapshot({ view: 1 }), { code: 'EBAD_REQUEST' });
});
