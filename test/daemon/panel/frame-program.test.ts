import t from 'tap';
import { DcsPanel } from '../../../daemon/panel/dcs-panel.js';
import { PANEL_PRESETS } from '../../../daemon/panel/presets/index.js';
import { RecordingBus } from '../../helpers/recording-bus.js';

// Issue 13: a frame is one program; with a TE pin it waits for the edge once,
// before its first window (it used to wait at every RAMWR, so a frame of N
// windows took N refresh periods). Command bytes from ILI9341 §8.2: 2Ah
// CASET, 2Bh PASET, 2Ch RAMWR, 35h TEON (parameter 00h: V-blanking only),
// 3Ch RAMWRC (ST7735R and SSD1351 have no such command).
const noSleep = async (): Promise<void> => {};
const windows = [{ x: 0, y: 0, w: 4, h: 2 }, { x: 100, y: 50, w: 3, h: 3 }, { x: 0, y: 300, w: 240, h: 1 }];
const wire = new Uint8Array(windows.reduce((n, r) => n + r.w * r.h * 2, 0));

t.test('with a TE pin: TEON at init, one wait per frame before its first window', async (t) => {
  const bus = new RecordingBus(true);
  const panel = new DcsPanel(PANEL_PRESETS.ili9341, 0, bus, noSleep);
  await panel.init();
  const teon = bus.calls.findIndex((c) => c.kind === 'command' && c.cmd === 0x35);
  t.ok(teon > 0, 'TEON sent at init');
  t.match(bus.calls[teon], { params: [0x00] }, 'TELOM 0');
  t.ok(teon < bus.calls.findIndex((c) => c.kind === 'command' && c.cmd === 0x2c), 'before the first memory write');
  bus.programs.length = 0;
  await panel.writeFrame(windows, wire);
  t.equal(bus.programs.length, 1, 'the frame is one program');
  const ops = bus.programs[0].segments.map((s) => s.op);
  t.equal(ops.filter((o) => o === 'wait-te').length, 1, 'one TE wait for three windows');
  t.equal(ops[0], 'wait-te', 'before the first window');
});

t.test('without a TE pin: no TEON, no wait markers', async (t) => {
  const bus = new RecordingBus(false);
  const panel = new DcsPanel(PANEL_PRESETS.ili9341, 0, bus, noSleep);
  await panel.init();
  await panel.writeFrame(windows, wire);
  t.notOk(bus.calls.some((c) => c.kind === 'command' && c.cmd === 0x35), 'no TEON');
  t.notOk(bus.calls.some((c) => c.kind === 'wait-te'), 'no wait');
});

t.test('RAMWRC is never sent: power changes wait for the frame to end', async (t) => {
  for (const name of ['ili9341', 'st7735r', 'ssd1351']) {
    const bus = new RecordingBus(true);
    const panel = new DcsPanel(PANEL_PRESETS[name], 0, bus, noSleep);
    await panel.init();
    const frame = panel.writeFrame([{ x: 0, y: 0, w: 8, h: 8 }], new Uint8Array(128));
    void panel.power.setBacklight(30);
    await frame;
    await panel.power.blank(true).applied;
    await panel.writeFrame([{ x: 1, y: 1, w: 8, h: 8 }], new Uint8Array(128));
    t.notOk(bus.calls.some((c) => c.kind === 'command' && c.cmd === 0x3c), `${name}: no 3Ch`);
  }
});

t.test('a program that skips a window register carries it in its retry prologue', async (t) => {
  const bus = new RecordingBus(false);
  const panel = new DcsPanel(PANEL_PRESETS.ili9341, 0, bus, noSleep);
  await panel.init();
  await panel.writeFrame([{ x: 10, y: 20, w: 5, h: 1 }], new Uint8Array(10));
  // Same columns, other rows: CASET is skipped in the program...
  await panel.writeFrame([{ x: 10, y: 40, w: 5, h: 1 }], new Uint8Array(10));
  const program = bus.programs.at(-1)!;
  const commands = program.segments.filter((s) => s.op === 'command').map((s) => (s as { bytes: Uint8Array }).bytes[0]);
  t.same(commands, [0x2b, 0x2c], 'PASET, RAMWR: CASET skipped');
  // ...but a retry after a failure first re-sends both window registers.
  const prologue = program.retryPrologue!.filter((s) => s.op === 'command').map((s) => (s as { bytes: Uint8Array }).bytes[0]);
  t.same(prologue, [0x2a, 0x2b], 'CASET and PASET in the prologue');
  const caset = program.retryPrologue![1] as { bytes: Uint8Array };
  t.same([...caset.bytes], [0, 10, 0, 14], 'columns 10..14');
});

t.test('a controller without a TE output never waits for TE, even with a pin wired', async (t) => {
  // SSD1351 Rev 1.5 §10: no tearing-effect command; its frames would otherwise stall for te.timeoutMs.
  const bus = new RecordingBus(true);
  const panel = new DcsPanel(PANEL_PRESETS.ssd1351, 0, bus, noSleep);
  await panel.init();
  await panel.writeFrame([{ x: 0, y: 0, w: 8, h: 8 }], new Uint8Array(128));
  t.notOk(bus.calls.some((c) => c.kind === 'wait-te'), 'no wait-te');
  t.notOk(bus.calls.some((c) => c.kind === 'command' && c.cmd === 0x35), 'no 35h');
});
