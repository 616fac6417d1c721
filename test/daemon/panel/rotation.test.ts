import t from 'tap';
import { SimBus } from '../../../daemon/bus/sim-bus.js';
import { DcsPanel } from '../../../daemon/panel/dcs-panel.js';
import { ROTATIONS } from '../../../daemon/panel/madctl.js';
import { ili9341 } from '../../../daemon/panel/presets/ili9341.js';
import { ili9341Module } from '../../../daemon/sim/module-model.js';
import { SimPanel } from '../../../daemon/sim/sim-panel.js';
import { Surface } from '../../../daemon/surface/surface.js';
import { firstDifference, quantise565, testImage } from '../../helpers/test-image.js';

const noSleep = async (): Promise<void> => {};

// Rotation R shows the image turned R degrees clockwise on the glass (the
// device-tree `rotation` property). Written out per rotation, independently of
// daemon/panel/rotation.ts: where screen pixel (x, y) lands on a gw x gh glass.
const onGlass: Record<number, (x: number, y: number, gw: number, gh: number) => [number, number]> = {
  0: (x, y) => [x, y],
  90: (x, y, gw) => [gw - 1 - y, x],
  180: (x, y, gw, gh) => [gw - 1 - x, gh - 1 - y],
  270: (x, y, _gw, gh) => [y, gh - 1 - x],
};

for (const rotation of ROTATIONS) {
  t.test(`ili9341 rotation ${rotation}: the glass shows the image turned ${rotation}° clockwise`, async (t) => {
    const sim = new SimPanel(ili9341Module);
    const bus = new SimBus(sim);
    const panel = new DcsPanel(ili9341, rotation, bus, noSleep);
    await panel.init();
    const { width, height } = panel;
    t.same([width, height], rotation % 180 === 0 ? [240, 320] : [320, 240]);
    const surface = Surface.allocate(width, height);
    const image = testImage(width, height);
    surface.blit({ x: 0, y: 0, w: width, h: height }, 'rgb888', image, width * 3);
    await panel.writeRect(surface.bytes, surface.stride, { x: 0, y: 0, w: width, h: height });

    const glass = sim.glassView();
    const seen = new Uint8Array(width * height * 3);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const [gx, gy] = onGlass[rotation](x, y, glass.width, glass.height);
        const g = (gy * glass.width + gx) * 3;
        seen.set(glass.rgb.subarray(g, g + 3), (y * width + x) * 3);
      }
    }
    t.equal(firstDifference(seen, quantise565(image), width), null);
    t.equal(sim.pixelsDropped, 0, 'nothing written outside GRAM');
  });
}

t.test('a partial window lands where it belongs at every rotation', async (t) => {
  for (const rotation of ROTATIONS) {
    const sim = new SimPanel(ili9341Module);
    const panel = new DcsPanel(ili9341, rotation, new SimBus(sim), noSleep);
    await panel.init();
    const surface = Surface.allocate(panel.width, panel.height);
    const rect = { x: 7, y: 3, w: 5, h: 2 };
    surface.fill(rect, 0xff0000);
    await panel.writeRect(surface.bytes, surface.stride, rect);
    const glass = sim.glassView();
    let red = 0;
    for (let i = 0; i < glass.rgb.length; i += 3) if (glass.rgb[i] === 255 && glass.rgb[i + 2] === 0) red++;
    t.equal(red, 10, `rotation ${rotation}: exactly 10 red pixels`);
    const [gx, gy] = onGlass[rotation](7, 3, glass.width, glass.height);
    t.equal(glass.rgb[(gy * glass.width + gx) * 3], 255, `rotation ${rotation}: (7,3) is red`);
  }
});
