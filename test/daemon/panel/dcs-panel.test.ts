import t from 'tap';
import { DcsPanel } from '../../../daemon/panel/dcs-panel.js';
import { ili9341 } from '../../../daemon/panel/presets/ili9341.js';
import { logicalWindow } from '../../../daemon/panel/window.js';
import type { PanelSpec } from '../../../daemon/panel/panel-spec.js';
import { RecordingBus } from '../../helpers/recording-bus.js';

const noSleep = async (): Promise<void> => {};

t.test('init: reset, vendor sequence, COLMOD, MADCTL, INVOFF, SLPOUT, clear, DISPON', async (t) => {
  const bus = new RecordingBus();
  const sleeps: number[] = [];
  const panel = new DcsPanel(ili9341, 90, bus, async (ms) => void sleeps.push(ms));
  await panel.init();
  t.same(bus.calls[0], { kind: 'reset' });
  const commands = bus.calls.filter((c) => c.kind === 'command') as Array<{ cmd: number; params: number[] }>;
  const tail = commands.slice(-8).map((c) => [c.cmd, ...c.params]);
  t.same(tail, [
    [0x3a, 0x55], // COLMOD 16 bit/pixel (ILI9341 §8.2.33)
    [0x36, 0x28], // MADCTL MV|BGR for rotation 90
    [0x20], // INVOFF
    [0x11], // SLPOUT
    [0x2a, 0x00, 0x00, 0x01, 0x3f], // CASET 0..319
    [0x2b, 0x00, 0x00, 0x00, 0xef], // PASET 0..239
    [0x2c], // RAMWR
    [0x29], // DISPON
  ]);
  const pixels = bus.calls.filter((c) => c.kind === 'pixels') as Array<{ bytes: number[] }>;
  t.equal(pixels.length, 1);
  t.equal(pixels[0].bytes.length, 320 * 240 * 2);
  t.ok(pixels[0].bytes.every((b) => b === 0), 'cleared to black before the display turns on');
  t.ok(sleeps.includes(120), '120 ms after SLPOUT (ILI9341 §8.2.12)');
});

t.test('writeRect sends CASET/PASET for the rect, then RAMWR and its pixels', async (t) => {
  const bus = new RecordingBus();
  const panel = new DcsPanel(ili9341, 0, bus, noSleep);
  const fb = new Uint8Array(240 * 2 * 320);
  fb[(5 * 240 + 300 % 240) * 2] = 0x1f; // a blue pixel at (60, 5)
  const n = await panel.writeRect(fb, 480, { x: 60, y: 5, w: 2, h: 1 });
  t.same(bus.calls, [
    { kind: 'command', cmd: 0x2a, params: [0, 60, 0, 61] },
    { kind: 'command', cmd: 0x2b, params: [0, 5, 0, 5] },
    { kind: 'command', cmd: 0x2c, params: [] },
    { kind: 'pixels', bytes: [0x00, 0x1f, 0x00, 0x00] },
  ]);
  t.same(n, { bytes: 3 + 8 + 4, transfers: 6 }, 'on the wire: 3 command bytes, 8 parameters, 4 pixel bytes, in 6 transfers');
});

t.test('logicalWindow: an offset visible area moves with MADCTL mirrors', async (t) => {
  // A 240x240 glass on the first 240 rows of a 240x320 GRAM (ST7789 240x240 modules).
  const spec = { ...ili9341, visible: { width: 240, height: 240, xOffset: 0, yOffset: 0 } } as PanelSpec;
  t.same(logicalWindow(spec, 0x00), { width: 240, height: 240, column0: 0, page0: 0 });
  t.same(logicalWindow(spec, 0x80), { width: 240, height: 240, column0: 0, page0: 80 }, 'MY: rows counted from the end');
  t.same(logicalWindow(spec, 0x20), { width: 240, height: 240, column0: 0, page0: 0 }, 'MV: exchanged');
  t.same(logicalWindow(spec, 0xa0), { width: 240, height: 240, column0: 80, page0: 0 }, 'MV|MY: the offset moves to columns');
  // A 135x240 window at (52, 40): MX|MY mirror both offsets.
  const narrow = { ...ili9341, visible: { width: 135, height: 240, xOffset: 52, yOffset: 40 } } as PanelSpec;
  t.same(logicalWindow(narrow, 0x00), { width: 135, height: 240, column0: 52, page0: 40 });
  t.same(logicalWindow(narrow, 0xc0), { width: 135, height: 240, column0: 240 - 52 - 135, page0: 320 - 40 - 240 });
  t.same(logicalWindow(narrow, 0x20), { width: 240, height: 135, column0: 40, page0: 52 });
});
