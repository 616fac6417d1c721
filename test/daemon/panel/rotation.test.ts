import t from 'tap';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SimBus } from '../../../daemon/bus/sim-bus.js';
import { TraceBus } from '../../../daemon/bus/trace-bus.js';
import { DcsPanel } from '../../../daemon/panel/dcs-panel.js';
import { ROTATIONS } from '../../../daemon/panel/madctl.js';
import { PANEL_PRESETS } from '../../../daemon/panel/presets/index.js';
import { DbiTraceWriter, parseDbiTrace, replayDbiTrace } from '../../../daemon/sim/dbi-trace.js';
import { SIM_MODULES } from '../../../daemon/sim/modules.js';
import { SimPanel, type GlassView } from '../../../daemon/sim/sim-panel.js';
import { Surface } from '../../../daemon/surface/surface.js';
import { firstDifference, quantise565, testImage } from '../../helpers/test-image.js';

const noSleep = async (): Promise<void> => {};

// Rotation R shows the image turned R degrees clockwise on the glass (the
// README's definition). Written out per rotation, independently of
// daemon/panel: where screen pixel (x, y) lands on a gw x gh glass.
const onGlass: Record<number, (x: number, y: number, gw: number, gh: number) => [number, number]> = {
  0: (x, y) => [x, y],
  90: (x, y, gw) => [gw - 1 - y, x],
  180: (x, y, gw, gh) => [gw - 1 - x, gh - 1 - y],
  270: (x, y, _gw, gh) => [y, gh - 1 - x],
};

/** The glass read back in screen orientation. */
function screenOf(glass: GlassView, rotation: number, width: number, height: number): Uint8Array {
  const seen = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const [gx, gy] = onGlass[rotation](x, y, glass.width, glass.height);
      const g = (gy * glass.width + gx) * 3;
      seen.set(glass.rgb.subarray(g, g + 3), (y * width + x) * 3);
    }
  }
  return seen;
}

const dir = mkdtempSync(join(tmpdir(), 'spifb-rotation-'));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));

for (const [name, spec] of Object.entries(PANEL_PRESETS)) {
  t.test(`${name}: every rotation shows the image turned clockwise, on the glass and in the DBI trace`, async (t) => {
    const model = SIM_MODULES[name];
    t.ok(model, 'a simulated module exists');
    for (const rotation of ROTATIONS) {
      const sim = new SimPanel(model);
      const tracePath = join(dir, `${name}-${rotation}.dbi`);
      const trace = new DbiTraceWriter(tracePath);
      const bus = new TraceBus(new SimBus(sim), trace);
      const panel = new DcsPanel(spec, rotation, bus, noSleep);
      await panel.init();
      const { width, height } = panel;
      const g = model.glass;
      t.same([width, height], rotation % 180 === 0 ? [g.width, g.height] : [g.height, g.width], `${rotation}°: screen size`);
      const surface = Surface.allocate(width, height);
      const image = testImage(width, height);
      surface.blit({ x: 0, y: 0, w: width, h: height }, 'rgb888', image, width * 3);
      await panel.writeRect(surface.bytes, surface.stride, { x: 0, y: 0, w: width, h: height });
      await bus.close();
      // rgb666 wire formats carry the rgb565 framebuffer widened exactly as the
      // controller widens 16-bit input, so both quantise the same way.
      const expected = quantise565(image);
      t.equal(firstDifference(screenOf(sim.glassView(), rotation, width, height), expected, width), null, `${rotation}°: glass`);
      t.equal(sim.pixelsDropped, 0, `${rotation}°: nothing written outside GRAM`);

      const replayed = new SimPanel(model);
      replayDbiTrace(parseDbiTrace(readFileSync(tracePath)), replayed);
      t.equal(firstDifference(screenOf(replayed.glassView(), rotation, width, height), expected, width), null, `${rotation}°: DBI trace`);
    }
  });
}

t.test('a partial window lands where it belongs at every rotation (offset modules)', async (t) => {
  for (const name of ['ili9341', 'st7789-135x240', 'st7735r-160x80', 'ssd1351', 'ili9486-waveshare']) {
    for (const rotation of ROTATIONS) {
      const model = SIM_MODULES[name];
      const sim = new SimPanel(model);
      const panel = new DcsPanel(PANEL_PRESETS[name], rotation, new SimBus(sim), noSleep);
      await panel.init();
      const surface = Surface.allocate(panel.width, panel.height);
      const rect = { x: 7, y: 3, w: 5, h: 2 };
      surface.fill(rect, 0xff0000);
      await panel.writeRect(surface.bytes, surface.stride, rect);
      const glass = sim.glassView();
      let red = 0;
      for (let i = 0; i < glass.rgb.length; i += 3) if (glass.rgb[i] === 255 && glass.rgb[i + 1] === 0 && glass.rgb[i + 2] === 0) red++;
      t.equal(red, 10, `${name} ${rotation}°: exactly 10 red pixels`);
      const [gx, gy] = onGlass[rotation](7, 3, glass.width, glass.height);
      t.same([...glass.rgb.subarray((gy * glass.width + gx) * 3, (gy * glass.width + gx) * 3 + 3)], [255, 0, 0], `${name} ${rotation}°: (7,3) is red`);
    }
  }
});
