import t from 'tap';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SimBus } from '../../../daemon/bus/sim-bus.js';
import { TraceBus } from '../../../daemon/bus/trace-bus.js';
import { DcsPanel } from '../../../daemon/panel/dcs-panel.js';
import { PANEL_PRESETS } from '../../../daemon/panel/presets/index.js';
import { DbiTraceWriter, parseDbiTrace, type DbiRecord } from '../../../daemon/sim/dbi-trace.js';
import { SIM_MODULES } from '../../../daemon/sim/modules.js';
import { SimPanel } from '../../../daemon/sim/sim-panel.js';
import { Surface } from '../../../daemon/surface/surface.js';
import { testImage } from '../../helpers/test-image.js';

// Issue 13: blank and unblank, for every preset, in that controller's own
// commands and framing, landing between frames. The command bytes are
// written here from the datasheets, not taken from daemon/panel:
// MIPI DCS 1.02 Table 6 (ILI9341 §8.2.18/.11/.12/.19): 28h display off,
// 10h sleep in; 11h sleep out, 29h display on. SSD1351 Rev 1.5 §10 command
// table: AEh sleep mode on (display off), AFh sleep mode off (display on).
const POWER: Record<string, { blank: number[]; unblank: number[] }> = {
  'mipi-dcs': { blank: [0x28, 0x10], unblank: [0x11, 0x29] },
  ssd1351: { blank: [0xae], unblank: [0xaf] },
};

const noSleep = async (): Promise<void> => {};
const dir = mkdtempSync(join(tmpdir(), 'spifb-power-'));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));

/** A command record's command byte: the last one (a 16-bit bus sends 00h first, as one transfer). */
const commandOf = (r: DbiRecord): number => r.bytes[r.bytes.length - 1];

for (const [name, spec] of Object.entries(PANEL_PRESETS)) {
  t.test(`${name}: blank during a frame lands after it, in the controller's commands; unblank brings the frame back`, async (t) => {
    const sim = new SimPanel(SIM_MODULES[name]);
    const path = join(dir, `${name}.dbi`);
    const trace = new DbiTraceWriter(path);
    const bus = new TraceBus(new SimBus(sim), trace);
    const panel = new DcsPanel(spec, 0, bus, noSleep);
    await panel.init();
    const surface = Surface.allocate(panel.width, panel.height);
    const image = testImage(panel.width, panel.height);
    const full = { x: 0, y: 0, w: panel.width, h: panel.height };
    surface.blit(full, 'rgb888', image, panel.width * 3);
    await panel.writeRect(surface.bytes, surface.stride, full);
    const before = sim.glassView().rgb.slice();
    t.ok(before.some((b) => b !== 0), 'the frame shows');

    // The frame is queued on the bus first; the blank is asked for while it is in flight.
    trace.flush();
    const mark = parseDbiTrace(readFileSync(path)).length;
    const frame = panel.writeRect(surface.bytes, surface.stride, full);
    const { applied } = panel.power.blank(true);
    await Promise.all([frame, applied]);
    const family = (spec.commands?.family ?? 'mipi-dcs') as keyof typeof POWER;
    const want = POWER[family];
    t.notOk(sim.displayOn, 'display off');
    if (family === 'mipi-dcs') t.ok(sim.sleeping, 'controller asleep');
    t.ok(sim.glassView().rgb.every((b) => b === 0), 'nothing shows while blanked');

    trace.flush();
    const records = parseDbiTrace(readFileSync(path)).slice(mark);
    let lastPixels = -1;
    records.forEach((r, i) => {
      if (r.kind === 'data' && r.bytes.length >= panel.width * panel.bytesPerPixel) lastPixels = i;
    });
    t.ok(lastPixels > 0, "the frame's pixels went out");
    const before1 = records.slice(0, lastPixels).filter((r) => r.kind === 'command').map(commandOf);
    t.notOk(want.blank.some((c) => before1.includes(c)), 'no blank command inside the frame');
    const after = records.slice(lastPixels + 1);
    t.same(after.filter((r) => r.kind === 'command').map(commandOf), want.blank,
      `after the frame's last pixel: ${want.blank.map((b) => b.toString(16)).join(' ')}h`);
    if (spec.busWidth === 16) {
      t.ok(after.filter((r) => r.kind === 'command').every((r) => r.bytes.length === 2 && r.bytes[0] === 0x00),
        'the 16-bit board gets each power command as one 2-byte word (00h, command)');
    }

    await panel.power.blank(false).applied;
    trace.flush();
    const unblank = parseDbiTrace(readFileSync(path)).slice(mark + records.length).filter((r) => r.kind === 'command').map(commandOf);
    t.same(unblank, want.unblank, `unblank: ${want.unblank.map((b) => b.toString(16)).join(' ')}h`);
    t.ok(sim.displayOn && !sim.sleeping, 'display on, awake');
    // GRAM is kept while asleep (ILI9341 §8.2.11: "the memory keeps its contents"): the frame comes back.
    t.ok(Buffer.from(sim.glassView().rgb).equals(Buffer.from(before)), 'unblank restores the last frame'); // t.same is slow on 460 KB
    await bus.close();
  });
}
