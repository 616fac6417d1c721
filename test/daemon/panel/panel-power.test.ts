import t from 'tap';
import type { FrameProgram } from '../../../daemon/bus/bus.js';
import { SimBus } from '../../../daemon/bus/sim-bus.js';
import { DcsPanel } from '../../../daemon/panel/dcs-panel.js';
import type { PanelPowerOptions } from '../../../daemon/panel/panel-power.js';
import type { PanelSpec } from '../../../daemon/panel/panel-spec.js';
import { ili9341 } from '../../../daemon/panel/presets/ili9341.js';
import { ili9486_waveshare } from '../../../daemon/panel/presets/ili9486-waveshare.js';
import { ssd1351 } from '../../../daemon/panel/presets/ssd1351.js';
import { SIM_MODULES } from '../../../daemon/sim/modules.js';
import { SimPanel } from '../../../daemon/sim/sim-panel.js';
import { RecordingBus, type BusCall } from '../../helpers/recording-bus.js';

/** A recording bus whose programs take a while, so power work can try to cut in. */
class SlowBus extends RecordingBus {
  override async run(program: FrameProgram): Promise<void> {
    await new Promise((r) => setTimeout(r, 10));
    await super.run(program);
  }
}

/** A recording bus that holds each program until the test lets it go. */
class GatedBus extends RecordingBus {
  private gate: Promise<void> | undefined;
  private open: (() => void) | undefined;
  /** Programs now wait on the bus, as if their bytes were still going out. */
  hold(): void {
    this.gate = new Promise((resolve) => (this.open = resolve));
  }
  release(): void {
    this.open?.();
    this.gate = undefined;
  }
  override async run(program: FrameProgram): Promise<void> {
    if (this.gate) await this.gate;
    await super.run(program);
  }
}

function panelOn(bus: RecordingBus, o: Partial<PanelPowerOptions> = {}, spec: PanelSpec = ili9341): DcsPanel {
  return new DcsPanel(spec, 0, bus, async () => {}, { level: 80, idleMs: 0, idleLevel: 10, ...o });
}

const names = (calls: BusCall[]): string[] => calls.map((c) =>
  c.kind === 'command' ? `cmd ${c.cmd.toString(16)}` : c.kind === 'backlight' ? `bl ${c.level}` : c.kind);

const fb = new Uint8Array(240 * 2 * 320);
const rect = (x: number) => ({ x, y: 0, w: 2, h: 2 });

t.test('the backlight comes on after init\'s DISPON, at the configured level', async (t) => {
  const bus = new RecordingBus();
  const panel = panelOn(bus);
  await panel.init();
  const calls = names(bus.calls);
  const dispon = calls.lastIndexOf('cmd 29'); // DISPON, ILI9341 §8.2.19
  t.ok(dispon > 0, 'init turns the display on');
  t.same(calls.slice(0, dispon).filter((c) => c.startsWith('bl')), [], 'dark during init and the clear');
  t.same(calls.slice(dispon), ['cmd 29', 'bl 80']);
});

t.test('a blank requested during a frame lands after that frame\'s last pixel, before the next frame\'s first command', async (t) => {
  const bus = new SlowBus();
  const panel = panelOn(bus);
  await panel.init();
  bus.calls.length = 0;
  const first = panel.writeRect(fb, 480, rect(0));
  await new Promise((r) => setTimeout(r, 2)); // the frame is on the bus now
  const { state, applied } = panel.power.blank(true);
  t.same(state, { level: 80, blanked: true }, 'the reply is the state asked for');
  const second = panel.writeRect(fb, 480, rect(100));
  await Promise.all([first, applied, second]);
  // CASET 2Ah, PASET 2Bh, RAMWR 2Ch (ILI9341 §8.2.20–22); DISPOFF 28h then SLPIN 10h (§8.2.18, §8.2.11).
  t.same(names(bus.calls), [
    'cmd 2a', 'cmd 2b', 'cmd 2c', 'pixels',
    'bl 0', 'cmd 28', 'cmd 10',
    'cmd 2a', 'cmd 2c', 'pixels',
  ]);
  // Nothing to continue: the next frame opens its own window, so no RAMWRC (3Ch) is ever needed.
  t.notOk(bus.calls.some((c) => c.kind === 'command' && c.cmd === 0x3c), 'no RAMWRC');
});

t.test('a blank requested while a frame is on the bus waits until the frame\'s pixels went', async (t) => {
  const bus = new GatedBus();
  const panel = panelOn(bus);
  await panel.init();
  bus.calls.length = 0;
  bus.hold();
  const frame = panel.writeRect(fb, 480, rect(0));
  const { applied } = panel.power.blank(true);
  await new Promise((r) => setTimeout(r, 5));
  t.same(names(bus.calls), [], 'held while the frame is on the bus');
  bus.release();
  await Promise.all([frame, applied]);
  t.same(names(bus.calls), ['cmd 2a', 'cmd 2b', 'cmd 2c', 'pixels', 'bl 0', 'cmd 28', 'cmd 10']);
  const hasPixels = (p: FrameProgram): boolean => p.segments.some((s) => s.op === 'data' && s.clock === 'pixels');
  const hasPower = (p: FrameProgram): boolean => p.segments.some((s) => s.op === 'command' && (s.bytes[0] === 0x28 || s.bytes[0] === 0x10));
  t.notOk(bus.programs.some((p) => hasPixels(p) && hasPower(p)), 'the blank is a program of its own, never inside a frame\'s');
});

t.test('unblank: sleep out and 120 ms, display on, then the remembered level', async (t) => {
  const bus = new RecordingBus();
  const sleeps: number[] = [];
  const panel = new DcsPanel(ili9341, 0, bus, async (ms) => void sleeps.push(ms), { level: 80, idleMs: 0, idleLevel: 10 });
  await panel.init();
  await panel.power.blank(true).applied;
  t.same(sleeps.at(-1), 5, '5 ms after SLPIN (ILI9341 §8.2.11)');
  await panel.power.setBacklight(30).applied;
  t.notOk(names(bus.calls).includes('bl 30'), 'the level is remembered, not shown, while blanked');
  bus.calls.length = 0;
  sleeps.length = 0;
  await panel.power.blank(false).applied;
  t.same(names(bus.calls), ['cmd 11', 'cmd 29', 'bl 30']); // SLPOUT §8.2.12, DISPON §8.2.19
  t.same(sleeps, [120], '120 ms after SLPOUT before DISPON (ILI9341 §8.2.12)');
  t.same(panel.power.power, { level: 30, blanked: false });
});

t.test('blank and unblank in the controller\'s own commands and framing', async (t) => {
  await t.test('SSD1351: AEh is display off and sleep in one, AFh both back (datasheet §10)', async (t) => {
    const bus = new RecordingBus();
    const panel = panelOn(bus, {}, ssd1351);
    await panel.init();
    bus.calls.length = 0;
    await panel.power.blank(true).applied;
    t.same(names(bus.calls), ['bl 0', 'cmd ae'], 'no DCS 28h/10h, which the SSD1351 does not have');
    bus.calls.length = 0;
    await panel.power.blank(false).applied;
    t.same(names(bus.calls), ['cmd af', 'bl 80']);
  });
  await t.test('Waveshare 16-bit board: each command one 2-byte word, 00h then the command', async (t) => {
    const bus = new RecordingBus();
    const panel = panelOn(bus, {}, ili9486_waveshare);
    await panel.init();
    const before = bus.programs.length;
    await panel.power.blank(true).applied;
    await panel.power.blank(false).applied;
    const segments = bus.programs.slice(before).flatMap((p) => p.segments);
    // drivers/gpu/drm/tiny/ili9486.c waveshare_command(); DISPOFF, SLPIN, SLPOUT, DISPON (ILI9486 §8.2).
    t.same(segments.map((s) => s.op === 'command' && [...s.bytes]), [[0x00, 0x28], [0x00, 0x10], [0x00, 0x11], [0x00, 0x29]],
      'every segment a command word; none split in two');
  });
  for (const spec of [ili9341, ssd1351, ili9486_waveshare]) {
    await t.test(`${spec.name} on the simulated panel: blanked means dark and asleep, unblank brings the frame back`, async (t) => {
      const sim = new SimPanel(SIM_MODULES[spec.name]);
      const panel = new DcsPanel(spec, 0, new SimBus(sim), async () => {});
      await panel.init();
      const white = new Uint8Array(panel.width * 2 * panel.height).fill(0xff);
      await panel.writeRect(white, panel.width * 2, { x: 0, y: 0, w: panel.width, h: panel.height });
      const garbled = (): number => sim.truncatedCommands + sim.unknownCommands;
      const before = garbled();
      await panel.power.blank(true).applied;
      t.notOk(sim.displayOn, 'display off');
      // The SSD1351's only sleep is its display off (AEh).
      if (panel.commands.sleepIn !== undefined) t.ok(sim.sleeping, 'asleep');
      t.equal(garbled(), before, 'every blank command decoded whole and known to the controller');
      await panel.power.blank(false).applied;
      t.ok(sim.displayOn && !sim.sleeping, 'awake and on');
      t.same(sim.readGram(0, 0), [63, 63, 63], 'the memory kept the frame');
    });
  }
});

t.test('idle dimming after idleMs without a frame; a frame restores the level first', async (t) => {
  const bus = new RecordingBus();
  const panel = panelOn(bus, { idleMs: 20, idleLevel: 5 });
  t.teardown(() => panel.power.close());
  await panel.init();
  await new Promise((r) => setTimeout(r, 60));
  t.same(names(bus.calls).slice(-1), ['bl 5'], 'dimmed');
  bus.calls.length = 0;
  await panel.writeRect(fb, 480, rect(0));
  t.same(names(bus.calls), ['bl 80', 'cmd 2a', 'cmd 2b', 'cmd 2c', 'pixels'], 'restored before the frame');
});
