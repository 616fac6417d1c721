import t from 'tap';
import { SimBus } from '../../../daemon/bus/sim-bus.js';
import { DcsPanel } from '../../../daemon/panel/dcs-panel.js';
import { ROTATIONS, type Rotation } from '../../../daemon/panel/madctl.js';
import { PANEL_PRESETS } from '../../../daemon/panel/presets/index.js';
import { SIM_MODULES } from '../../../daemon/sim/modules.js';
import { SimPanel, type GlassView } from '../../../daemon/sim/sim-panel.js';
import { RecordingBus } from '../../helpers/recording-bus.js';

const noSleep = async (): Promise<void> => {};

/** MADCTL and the full-screen CASET/RASET (start, end) a library sends at one rotation. */
interface LibraryWindow {
  madctl: number;
  caset: [number, number];
  raset: [number, number];
}

// Written from the libraries, not from spifb: Adafruit_ST7735.cpp initR()/setRotation()
// and TFT_eSPI TFT_Drivers/ST7735_Init.h / ST7735_Rotation.h. Both send
// CASET = xstart .. xstart + width - 1 and RASET = ystart .. ystart + height - 1,
// where under MV (rotations 1 and 3) x takes rowstart and y colstart.
// spifb rotation R is the libraries' rotation R/90: the MADCTL tables are the same
// (MX|MY, MY|MV, 0, MX|MV), so each row also checks the MADCTL byte, BGR bit included.
const MX_MY = 0xc0, MY_MV = 0xa0, MX_MV = 0x60, BGR = 0x08;
const FROM_SOURCES: Record<string, { source: string; windows: Record<Rotation, LibraryWindow> }> = {
  'st7735r-green': {
    source: 'Adafruit INITR_GREENTAB: colstart 2, rowstart 1, BGR; TFT_eSPI INITR_GREENTAB2: (2,1) (1,2) (2,1) (1,2)',
    windows: {
      0: { madctl: MX_MY | BGR, caset: [2, 129], raset: [1, 160] },
      90: { madctl: MY_MV | BGR, caset: [1, 160], raset: [2, 129] },
      180: { madctl: BGR, caset: [2, 129], raset: [1, 160] },
      270: { madctl: MX_MV | BGR, caset: [1, 160], raset: [2, 129] },
    },
  },
  'st7735r-red': {
    source: 'Adafruit Rcmd2red ("red tab only"): colstart = rowstart = 0, BGR; TFT_eSPI INITR_REDTAB: no offsets',
    windows: {
      0: { madctl: MX_MY | BGR, caset: [0, 127], raset: [0, 159] },
      90: { madctl: MY_MV | BGR, caset: [0, 159], raset: [0, 127] },
      180: { madctl: BGR, caset: [0, 127], raset: [0, 159] },
      270: { madctl: MX_MV | BGR, caset: [0, 159], raset: [0, 127] },
    },
  },
  'st7735r-black': {
    source: 'Adafruit INITR_BLACKTAB: Rcmd2red window, MADCTL C0h (RGB); TFT_eSPI INITR_BLACKTAB "display with no offsets"',
    windows: {
      0: { madctl: MX_MY, caset: [0, 127], raset: [0, 159] },
      90: { madctl: MY_MV, caset: [0, 159], raset: [0, 127] },
      180: { madctl: 0x00, caset: [0, 127], raset: [0, 159] },
      270: { madctl: MX_MV, caset: [0, 159], raset: [0, 127] },
    },
  },
  'st7735r-128x128': {
    source: 'Adafruit INITR_144GREENTAB: colstart 2, rowstart 3 at rotations 0/1, 1 at 2/3; TFT_eSPI INITR_GREENTAB3: (2,3) (3,2) (2,1) (1,2)',
    windows: {
      0: { madctl: MX_MY | BGR, caset: [2, 129], raset: [3, 130] },
      90: { madctl: MY_MV | BGR, caset: [3, 130], raset: [2, 129] },
      180: { madctl: BGR, caset: [2, 129], raset: [1, 128] },
      270: { madctl: MX_MV | BGR, caset: [1, 128], raset: [2, 129] },
    },
  },
  // Used landscape: spifb 0 is the libraries' rotation 1, 90 → 2, 180 → 3, 270 → 0.
  'st7735r-160x80': {
    source: 'Adafruit INITR_MINI160x80_PLUGIN: colstart 26, rowstart 1, BGR; TFT_eSPI INITR_GREENTAB160x80: (26,1) (1,26) (26,1) (1,26)',
    windows: {
      0: { madctl: MY_MV | BGR, caset: [1, 160], raset: [26, 105] },
      90: { madctl: BGR, caset: [26, 105], raset: [1, 160] },
      180: { madctl: MX_MV | BGR, caset: [1, 160], raset: [26, 105] },
      270: { madctl: MX_MY | BGR, caset: [26, 105], raset: [1, 160] },
    },
  },
};
// `st7735r` is the green-tab preset under its old name.
FROM_SOURCES.st7735r = { ...FROM_SOURCES['st7735r-green'], source: 'alias of st7735r-green' };

const u16 = (p: number[], i: number) => (p[i] << 8) | p[i + 1];

/** MADCTL and the window of the full-screen clear that init sends. */
async function initWindow(name: string, rotation: Rotation): Promise<LibraryWindow> {
  const bus = new RecordingBus();
  await new DcsPanel(PANEL_PRESETS[name], rotation, bus, noSleep).init();
  const last = (cmd: number) => {
    const found = bus.calls.filter((c) => c.kind === 'command' && c.cmd === cmd);
    const call = found[found.length - 1];
    if (call?.kind !== 'command') throw new Error(`${name}: no command ${cmd.toString(16)}h`);
    return call.params;
  };
  const c = last(0x2a), r = last(0x2b);
  return { madctl: last(0x36)[0], caset: [u16(c, 0), u16(c, 2)], raset: [u16(r, 0), u16(r, 2)] };
}

for (const [name, { source, windows }] of Object.entries(FROM_SOURCES)) {
  t.test(`${name}: MADCTL and CASET/RASET at every rotation are the libraries' (${source})`, async (t) => {
    for (const rotation of ROTATIONS) {
      t.same(await initWindow(name, rotation), windows[rotation], `${rotation}°`);
    }
  });
}

t.test('the per-tab 1.8" presets: offsets and colour order', async (t) => {
  const { st7735r, 'st7735r-green': green, 'st7735r-red': red, 'st7735r-black': black } = PANEL_PRESETS;
  t.same({ ...st7735r, name: 'st7735r-green' }, green, 'st7735r is the green-tab preset');
  t.same([green.visible.xOffset, green.visible.yOffset, green.bgr], [2, 1, true], 'green tab: (2,1), BGR');
  t.same([red.visible.xOffset, red.visible.yOffset, red.bgr], [0, 0, true], 'red tab: (0,0), BGR');
  t.same([black.visible.xOffset, black.visible.yOffset, black.bgr], [0, 0, false], 'black tab: (0,0), RGB');
});

const nonBlack = (v: GlassView) => {
  let n = 0;
  for (let i = 0; i < v.rgb.length; i += 3) if (v.rgb[i] | v.rgb[i + 1] | v.rgb[i + 2]) n++;
  return n;
};

t.test('the simulated modules agree with the libraries: their windows cover each glass exactly', async (t) => {
  // The libraries' bytes straight into the simulated module (no spifb driver): black over the
  // whole window must leave no power-on noise on the glass and write nothing outside memory.
  for (const [name, { windows }] of Object.entries(FROM_SOURCES)) {
    for (const rotation of ROTATIONS) {
      const w = windows[rotation];
      const sim = new SimPanel(SIM_MODULES[name]);
      const be = (v: number) => [v >> 8, v & 0xff];
      const n = (w.caset[1] - w.caset[0] + 1) * (w.raset[1] - w.raset[0] + 1);
      for (const [cmd, ...params] of [[0x11], [0x29], [0x3a, 0x55], [0x36, w.madctl],
        [0x2a, ...be(w.caset[0]), ...be(w.caset[1])], [0x2b, ...be(w.raset[0]), ...be(w.raset[1])], [0x2c]]) {
        sim.command(cmd);
        if (params.length) sim.data(Uint8Array.from(params));
      }
      sim.data(new Uint8Array(n * 2));
      if (SIM_MODULES[name].glass.needsInversion) sim.command(0x21);
      t.equal(nonBlack(sim.glassView()), 0, `${name} ${rotation}°: glass all black`);
      t.equal(sim.pixelsDropped, 0, `${name} ${rotation}°: nothing outside memory`);
    }
  }
});

t.test('the wrong tab shows why the presets differ', async (t) => {
  /** Clear the screen to black through a preset on a module; return the glass. */
  const clear = async (preset: string, module: string) => {
    const sim = new SimPanel(SIM_MODULES[module]);
    await new DcsPanel(PANEL_PRESETS[preset], 0, new SimBus(sim), noSleep).init();
    return sim;
  };
  // Green-tab windows on a red-tab module: 2 columns and 1 row past the 128x160 memory are
  // dropped and the same number at the other edges keep their power-on noise.
  const greenOnRed = await clear('st7735r-green', 'st7735r-red');
  t.equal(nonBlack(greenOnRed.glassView()), 2 * 160 + 1 * 128 - 2, 'a 2-column and a 1-row band of noise');
  t.ok(greenOnRed.pixelsDropped > 0, 'part of the window falls outside memory');
  // Red-tab windows on a green-tab module: the glass is at (2,1), the window at (0,0).
  const redOnGreen = await clear('st7735r-red', 'st7735r-green');
  t.ok(nonBlack(redOnGreen.glassView()) > 0, 'noise along two edges');
  // Red preset on a black-tab module: red and blue swap.
  const sim = new SimPanel(SIM_MODULES['st7735r-black']);
  const panel = new DcsPanel(PANEL_PRESETS['st7735r-red'], 0, new SimBus(sim), noSleep);
  await panel.init();
  const red = new Uint8Array(panel.width * panel.height * 2);
  for (let i = 0; i < red.length; i += 2) red[i] = 0xf8; // RGB565 red, big-endian on the wire
  await panel.writeFrame([{ x: 0, y: 0, w: panel.width, h: panel.height }], red);
  t.same([...sim.glassView().rgb.subarray(0, 3)], [0, 0, 255], 'red sent, blue shown');
});
