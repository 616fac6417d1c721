import t from 'tap';
import { readFileSync } from 'node:fs';
import {
  DRM_FORMAT_RGB565, SHARED_BUFFER_HEADER, SHARED_BUFFER_LAYOUT_VERSION, SHARED_BUFFER_MAGIC, SHARED_BUFFER_RESERVED, SLOT_ENTRY,
  SLOT_ENTRY_BYTES, SLOT_TABLE_OFFSET, SlotState, slotEntryOffset,
} from '../../protocol/shared-buffer.js';

// The layout as protocol/README.md "Shared buffer" documents it, written out
// by hand row by row; the first test holds it to the README's table, the
// second holds the code to it. Offsets 44 and 52 (reserved, 0) are not in the table.
const FIELDS: Array<[name: keyof typeof SHARED_BUFFER_HEADER, offset: number, type: string]> = [
  ['magic', 0, '8 bytes'],
  ['layoutVersion', 8, 'u32'],
  ['headerSize', 12, 'u32'],
  ['width', 16, 'u32'], ['height', 20, 'u32'], ['stride', 24, 'u32'],
  ['format', 28, 'u32'],
  ['slotCount', 32, 'u32'], ['slotSize', 36, 'u32'],
  ['slotsSize', 40, 'u32'],
  ['pageSize', 48, 'u32'],
  ['frameSeq', 56, 'u64'],
];
const SLOT_ROW = { offset: '64 + 16·i', types: 'u32, u32, u64' };
const SIZES: Record<string, number> = { '8 bytes': 8, u32: 4, u64: 8 };

const README = readFileSync(new URL('../../protocol/README.md', import.meta.url), 'utf8');
const start = README.indexOf('\n## Shared buffer\n');
const section = README.slice(start, README.indexOf('\n## ', start + 1));
/** The table's body rows: [offset column, type column, description]. */
const rows = [...section.matchAll(/^\|([^|]*)\|([^|]*)\|([^|]*)\|$/gm)]
  .map((m) => [m[1].trim(), m[2].trim(), m[3].trim()])
  .filter(([offset]) => /^\d/.test(offset));

t.test('the hand-written layout is the one protocol/README.md documents', async (t) => {
  t.ok(start >= 0 && rows.length > 0, 'the README has a "Shared buffer" table');
  const header = rows.filter(([offset]) => /^[\d, ]+$/.test(offset))
    .flatMap(([offsets, type]) => offsets.split(',').map((o) => [Number(o), type]));
  t.same(header, FIELDS.map(([, offset, type]) => [offset, type]), 'header fields: offsets and types, in order');
  const slot = rows.find(([offset]) => offset.includes('·i'));
  t.same(slot && { offset: slot[0], types: slot[1] }, SLOT_ROW, 'slot table row');
  const text = (offset: string): string => rows.find(([o]) => o === offset)?.[2] ?? '';
  t.match(text('0'), /Magic `SPIFBRNG`/);
  t.match(text('8'), /Layout version, 2\./);
  t.match(text('28'), /`RG16` \(0x36314752\)/);
  t.match(slot?.[2], /state \(0 free, 1 held by a client, 2 queued, 3 being read by the daemon\)/);
});

t.test('protocol/shared-buffer.ts holds that layout', async (t) => {
  t.same(SHARED_BUFFER_HEADER, Object.fromEntries(FIELDS.map(([name, offset]) => [name, offset])), 'field offsets');
  t.same(SHARED_BUFFER_RESERVED, [44, 52], 'the u32s before the page size (the tx size in version 1) and before the frame sequence number');
  t.equal(SHARED_BUFFER_MAGIC, 'SPIFBRNG');
  t.equal(SHARED_BUFFER_LAYOUT_VERSION, 2);
  const fourcc = Buffer.alloc(4);
  fourcc.writeUInt32LE(DRM_FORMAT_RGB565);
  t.equal(fourcc.toString('latin1'), 'RG16', 'the fourcc spells RG16 little-endian');
  t.equal(DRM_FORMAT_RGB565, 0x36314752);
  t.equal(SLOT_TABLE_OFFSET, 64);
  t.equal(SLOT_ENTRY_BYTES, 16);
  t.same(SLOT_ENTRY, { offset: 0, state: 4, seq: 8 });
  t.equal(slotEntryOffset(2), 64 + 2 * 16);
  t.same(SlotState, { Free: 0, Client: 1, Queued: 2, Wire: 3 });
});

t.test('header fields do not overlap and end before the slot table', async (t) => {
  const fields = [...FIELDS.map(([, offset, type]) => [offset, SIZES[type]]), ...SHARED_BUFFER_RESERVED.map((o) => [o, 4])]
    .sort((a, b) => a[0] - b[0]);
  for (let i = 1; i < fields.length; i++) t.equal(fields[i][0], fields[i - 1][0] + fields[i - 1][1], `field at ${fields[i][0]} follows the one before`);
  const [lastOffset, lastSize] = fields[fields.length - 1];
  t.equal(lastOffset + lastSize, SLOT_TABLE_OFFSET);
  t.equal(SLOT_ENTRY.seq + 8, SLOT_ENTRY_BYTES, 'a slot entry is u32, u32, u64');
});
