import t from 'tap';
import { SimBus } from '../../../daemon/bus/sim-bus.js';
import { DcsPanel } from '../../../daemon/panel/dcs-panel.js';
import { ili9341 } from '../../../daemon/panel/presets/ili9341.js';
import { ili9341Module } from '../../../daemon/sim/module-model.js';
import { SimPanel } from '../../../daemon/sim/sim-panel.js';
import { Surface } from '../../../daemon/surface/surface.js';
import { testImage } from '../../helpers/test-image.js';

// Issue 14: the daemon's simulated bus decodes when the glass is looked at,
// not on the frame path — and what it shows then is exactly what an eager
// decoder shows, with the frames in order.
const noSleep = async (): Promise<void> => {};

async function drive(bus: SimBus): Promise<DcsPanel> {
  const panel = new DcsPanel(ili9341, 90, bus, noSleep);
  await panel.init();
  const surface = Surface.allocate(panel.width, panel.height);
  surface.blit({ x: 0, y: 0, w: panel.width, h: panel.height }, 'rgb888', testImage(panel.width, panel.height), panel.width * 3);
  const tx = new Uint8Array(panel.width * panel.height * 2);
  await panel.writeRect(surface.bytes, surface.stride, { x: 0, y: 0, w: panel.width, h: panel.height }, tx);
  tx.fill(0xaa); // the bus contract: the caller may reuse its buffer once run() resolved
  surface.fill({ x: 5, y: 5, w: 30, h: 20 }, 0x00ff00);
  await panel.writeRect(surface.bytes, surface.stride, { x: 5, y: 5, w: 30, h: 20 }, tx);
  await panel.power.blank(true).applied;
  await panel.power.blank(false).applied;
  return panel;
}

t.test('lazy decode shows the same glass as eager decode, in order', async (t) => {
  const eagerPanel = new SimPanel(ili9341Module);
  await drive(new SimBus(eagerPanel));
  const lazyPanel = new SimPanel(ili9341Module);
  const lazy = new SimBus(lazyPanel, undefined, { lazyLimitBytes: 64 << 20 });
  await drive(lazy);
  t.notOk(lazyPanel.displayOn, 'nothing decoded on the frame path yet');
  const view = lazy.glassView();
  t.ok(Buffer.from(view.rgb).equals(Buffer.from(eagerPanel.glassView().rgb)), 'the same glass');
  t.ok(lazyPanel.displayOn && !lazyPanel.sleeping, 'and the same state: blank then unblank, in that order');
});

t.test('more than the limit waiting is decoded at once (memory stays bounded)', async (t) => {
  const sim = new SimPanel(ili9341Module);
  const bus = new SimBus(sim, undefined, { lazyLimitBytes: 1000 });
  await drive(bus);
  t.ok(sim.displayOn, 'decoded without anyone looking');
});

t.test('when the event loop is idle the lazy bus decodes by itself, in small steps', async (t) => {
  const sim = new SimPanel(ili9341Module);
  const bus = new SimBus(sim, undefined, { lazyLimitBytes: 64 << 20 });
  await drive(bus);
  t.notOk(sim.displayOn, 'not within the frame path');
  for (let i = 0; i < 50 && !sim.displayOn; i++) await new Promise((r) => setImmediate(r));
  t.ok(sim.displayOn && !sim.sleeping, 'decoded between turns of the event loop');
});
