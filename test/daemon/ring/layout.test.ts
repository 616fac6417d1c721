import t from 'tap';
import { RingHeader, SLOT_ENTRY_BYTES, SLOT_TABLE_OFFSET, SlotState } from '../../../daemon/ring/header.js';
import { ringLayout } from '../../../daemon/ring/layout.js';

t.test('every slot and tx half starts on a page and is whole pages; header, slots and tx are separate memory', async (t) => {
  for (const pageSize of [4096, 16384, 65536]) {
    for (const [w, h, bpp] of [[320, 240, 2], [240, 320, 2], [135, 240, 2], [480, 320, 3], [128, 128, 2]]) {
      const stride = w * 2;
      const l = ringLayout({ width: w, height: h, stride, slots: 3, wireBytesPerPixel: bpp, pageSize });
      const slots = l.slotOffsets.map((o) => [o, l.slotSize]);
      const tx = [[l.txOffsets[0], l.txHalfSize], [l.txOffsets[1], l.txHalfSize]];
      for (const [o, size] of [...slots, ...tx]) {
        t.equal(o % pageSize, 0, `${w}x${h} page ${pageSize}: offset ${o} page-aligned`);
        t.equal(size % pageSize, 0);
      }
      t.ok(l.slotSize >= stride * h && l.txHalfSize >= w * h * bpp, 'regions hold a frame');
      // Within each piece of memory regions do not overlap and the size covers them.
      for (const [regions, size] of [[slots, l.slotsSize], [tx, l.txSize]] as const) {
        for (let i = 1; i < regions.length; i++) t.ok(regions[i][0] >= regions[i - 1][0] + regions[i - 1][1]);
        t.equal(size, regions[regions.length - 1][0] + regions[regions.length - 1][1]);
        t.equal(regions[0][0], 0, 'each piece starts at its own offset 0');
      }
      t.equal(l.headerSize, pageSize);
    }
  }
});

t.test('the header page describes the layout (byte offsets as documented)', async (t) => {
  const l = ringLayout({ width: 320, height: 240, stride: 640, slots: 3, wireBytesPerPixel: 2, pageSize: 4096 });
  const bytes = new Uint8Array(l.headerSize);
  const header = new RingHeader(bytes, l);
  header.init();
  header.setSlot(1, SlotState.Queued, 7);
  header.setFrameSeq(42);
  const v = new DataView(bytes.buffer);
  t.equal(Buffer.from(bytes.subarray(0, 8)).toString('latin1'), 'SPIFBRNG');
  // version, header size, width, height, stride, fourcc 'RG16', slots, slot size, slot memory size, reserved, page size, reserved
  const u32 = Array.from({ length: 12 }, (_, i) => v.getUint32(8 + 4 * i, true));
  t.same(u32, [2, 4096, 320, 240, 640, 0x36314752, 3, 155648, 3 * 155648, 0, 4096, 0]);
  t.equal(Buffer.from(bytes.subarray(28, 32)).toString('latin1'), 'RG16', 'DRM_FORMAT_RGB565 fourcc');
  t.equal(v.getBigUint64(56, true), 42n);
  const entry = (i: number) => SLOT_TABLE_OFFSET + i * SLOT_ENTRY_BYTES;
  t.same([v.getUint32(entry(1), true), v.getUint32(entry(1) + 4, true), v.getBigUint64(entry(1) + 8, true)], [155648, 2, 7n]);
  t.equal(v.getUint32(entry(2) + 4, true), SlotState.Free);
});
