import t from 'tap';
import { SimBus } from '../../../daemon/bus/sim-bus.js';
import { DcsPanel } from '../../../daemon/panel/dcs-panel.js';
import type { Rotation } from '../../../daemon/panel/madctl.js';
import type { PanelSpec } from '../../../daemon/panel/panel-spec.js';
import { PANEL_PRESETS } from '../../../daemon/panel/presets/index.js';
import { resolvePanel, type PanelOverrides } from '../../../daemon/panel/resolve-panel.js';
import { SIM_MODULES } from '../../../daemon/sim/modules.js';
import { SimPanel } from '../../../daemon/sim/sim-panel.js';
import { Surface } from '../../../daemon/surface/surface.js';

const noSleep = async (): Promise<void> => {};

/** Fill the whole screen with one colour through the driver; return the simulated glass. */
async function fillOn(module: string, spec: PanelSpec, rgb: number, rotation: Rotation = 0) {
  const sim = new SimPanel(SIM_MODULES[module]);
  const panel = new DcsPanel(spec, rotation, new SimBus(sim), noSleep);
  await panel.init();
  const surface = Surface.allocate(panel.width, panel.height);
  surface.fill({ x: 0, y: 0, w: panel.width, h: panel.height }, rgb);
  await panel.writeRect(surface.bytes, surface.stride, { x: 0, y: 0, w: panel.width, h: panel.height });
  return sim.glassView();
}

const over = (name: string, o: PanelOverrides) => resolvePanel(PANEL_PRESETS[name], o);
const at = (g: { width: number; rgb: Uint8Array }, x: number, y: number) => [...g.rgb.subarray((y * g.width + x) * 3, (y * g.width + x) * 3 + 3)];

t.test('geometry overrides are rotation-0 CASET/RASET numbers, mapped to native GRAM', async (t) => {
  t.same(over('st7789', { width: 135, height: 240, xOffset: 52, yOffset: 40 }).visible, PANEL_PRESETS['st7789-135x240'].visible);
  t.same(over('st7789', { height: 240 }).visible, PANEL_PRESETS['st7789-240x240'].visible);
  // ST7735R upright is MX|MY: (2, 3) at rotation 0 is native (2, 31) on the 132x162 GRAM.
  t.same(over('st7735r', { width: 128, height: 128, xOffset: 2, yOffset: 3 }).visible, { width: 128, height: 128, xOffset: 2, yOffset: 31 });
  // The 1.44" modules' memory mirrors about row 131 (presets/st7735r-128x128.ts): there (2, 3) is native (2, 1).
  t.same(over('st7735r-128x128', { xOffset: 2, yOffset: 3 }).visible, { width: 128, height: 128, xOffset: 2, yOffset: 1 });
  // The 0.96" landscape module: the library numbers (1, 26) at rotation 0.
  t.same(over('st7735r-160x80', { xOffset: 1, yOffset: 26 }).visible, PANEL_PRESETS['st7735r-160x80'].visible);
  t.throws(() => over('st7789', { width: 240, xOffset: 1 }), { code: 'EBAD_CONFIG', message: /does not fit the controller's 240x320/ });
});

t.test('a wrong offset shows the power-on noise band, as on the module', async (t) => {
  const good = await fillOn('st7789-135x240', PANEL_PRESETS['st7789-135x240'], 0x000000);
  t.ok(good.rgb.every((b) => b === 0), 'right offsets: all black');
  const wrong = await fillOn('st7789-135x240', over('st7789-135x240', { xOffset: 0, yOffset: 0 }), 0x000000);
  // The window starts 52 columns / 40 rows too early: the glass's right 52 columns and bottom 40 rows keep their noise.
  const noisy = (x0: number, x1: number, y0: number, y1: number) => {
    let n = 0;
    for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) if (at(wrong, x, y).some((b) => b !== 0)) n++;
    return n / ((x1 - x0) * (y1 - y0));
  };
  t.equal(noisy(0, 83, 0, 200), 0, 'image part shifted up-left, black');
  t.ok(noisy(83, 135, 0, 240) > 0.9, 'right band: noise');
  t.ok(noisy(0, 135, 200, 240) > 0.9, 'bottom band: noise');
});

t.test('missing INVON on IPS glass inverts; a BGR mismatch swaps red and blue', async (t) => {
  t.same(at(await fillOn('st7789', PANEL_PRESETS.st7789, 0xff0000), 5, 5), [255, 0, 0], 'preset: red');
  t.same(at(await fillOn('st7789', over('st7789', { invert: false }), 0xff0000), 5, 5), [0, 255, 255], 'no INVON: cyan');
  t.same(at(await fillOn('gc9a01', over('gc9a01', { invert: false }), 0x00ff00), 5, 5), [255, 0, 255], 'GC9A01 without INVON: magenta');
  t.same(at(await fillOn('ili9341', over('ili9341', { bgr: false }), 0xff0000), 5, 5), [0, 0, 255], 'ILI9341 without BGR: blue');
  t.same(at(await fillOn('st7735r-160x80', over('st7735r-160x80', { bgr: false }), 0x0000ff), 5, 5), [255, 0, 0], '0.96" without BGR: red');
  t.same(at(await fillOn('ssd1351', over('ssd1351', { bgr: false }), 0xff0000), 5, 5), [0, 0, 255], 'SSD1351 without A[2]: blue');
});

t.test('wire format override: rgb666 on an ST7789 sends COLMOD 66h and 3 bytes a pixel', async (t) => {
  const g = await fillOn('st7789', over('st7789', { wireFormat: 'rgb666' }), 0x8040c0, 90);
  // 0x8040c0 → RGB565 (16, 16, 24) → 6-bit (33, 16, 49) → (134, 65, 199).
  t.same(at(g, 100, 100), [134, 65, 199]);
  t.throws(() => new DcsPanel(over('ili9486-waveshare', { wireFormat: 'rgb666' }), 0, new SimBus(new SimPanel(SIM_MODULES.st7789)), noSleep),
    { code: 'EBAD_CONFIG', message: /rgb666 is not supported here/ });
});
