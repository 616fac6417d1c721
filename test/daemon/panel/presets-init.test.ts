import t from 'tap';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SimBus } from '../../../daemon/bus/sim-bus.js';
import { TraceBus } from '../../../daemon/bus/trace-bus.js';
import { DcsPanel } from '../../../daemon/panel/dcs-panel.js';
import { PANEL_PRESETS } from '../../../daemon/panel/presets/index.js';
import { DbiTraceWriter, parseDbiTrace } from '../../../daemon/sim/dbi-trace.js';
import { SIM_MODULES } from '../../../daemon/sim/modules.js';
import { SimPanel } from '../../../daemon/sim/sim-panel.js';
import { RecordingBus } from '../../helpers/recording-bus.js';

const noSleep = async (): Promise<void> => {};

// Byte fixtures copied from the drivers named next to them, as [command, ...parameters];
// never generated from the presets.

// TFT_eSPI TFT_Drivers/GC9A01_Init.h, in its order (LovyanGFX Panel_GC9A01.hpp list0 is the
// same), without the commands spifb's driver sends itself: 3Ah 05h (COLMOD), and the
// tail 35h (TE), 21h (INVON), 11h (SLPOUT), 29h (DISPON).
const GC9A01_TFT_ESPI: number[][] = [
  [0xef], [0xeb, 0x14], [0xfe], [0xef], [0xeb, 0x14],
  [0x84, 0x40], [0x85, 0xff], [0x86, 0xff], [0x87, 0xff], [0x88, 0x0a], [0x89, 0x21], [0x8a, 0x00],
  [0x8b, 0x80], [0x8c, 0x01], [0x8d, 0x01], [0x8e, 0xff], [0x8f, 0xff],
  [0xb6, 0x00, 0x20],
  [0x90, 0x08, 0x08, 0x08, 0x08],
  [0xbd, 0x06], [0xbc, 0x00],
  [0xff, 0x60, 0x01, 0x04],
  [0xc3, 0x13], [0xc4, 0x13], [0xc9, 0x22],
  [0xbe, 0x11],
  [0xe1, 0x10, 0x0e],
  [0xdf, 0x21, 0x0c, 0x02],
  [0xf0, 0x45, 0x09, 0x08, 0x08, 0x26, 0x2a],
  [0xf1, 0x43, 0x70, 0x72, 0x36, 0x37, 0x6f],
  [0xf2, 0x45, 0x09, 0x08, 0x08, 0x26, 0x2a],
  [0xf3, 0x43, 0x70, 0x72, 0x36, 0x37, 0x6f],
  [0xed, 0x1b, 0x0b], [0xae, 0x77], [0xcd, 0x63],
  [0x70, 0x07, 0x07, 0x04, 0x0e, 0x0f, 0x09, 0x07, 0x08, 0x03],
  [0xe8, 0x34],
  [0x62, 0x18, 0x0d, 0x71, 0xed, 0x70, 0x70, 0x18, 0x0f, 0x71, 0xef, 0x70, 0x70],
  [0x63, 0x18, 0x11, 0x71, 0xf1, 0x70, 0x70, 0x18, 0x13, 0x71, 0xf3, 0x70, 0x70],
  [0x64, 0x28, 0x29, 0xf1, 0x01, 0xf1, 0x00, 0x07],
  [0x66, 0x3c, 0x00, 0xcd, 0x67, 0x45, 0x45, 0x10, 0x00, 0x00, 0x00],
  [0x67, 0x00, 0x3c, 0x00, 0x00, 0x00, 0x01, 0x54, 0x10, 0x32, 0x98],
  [0x74, 0x10, 0x85, 0x80, 0x00, 0x00, 0x4e, 0x00],
  [0x98, 0x3e, 0x07],
];

const dir = mkdtempSync(join(tmpdir(), 'spifb-presets-init-'));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));

t.test('GC9A01: the full TFT_eSPI vendor init is on the wire, in order, then spifb\'s own commands', async (t) => {
  const path = join(dir, 'gc9a01.dbi');
  const trace = new DbiTraceWriter(path);
  const sim = new SimPanel(SIM_MODULES.gc9a01);
  await new DcsPanel(PANEL_PRESETS.gc9a01, 0, new TraceBus(new SimBus(sim), trace), noSleep).init();
  trace.close();
  // Group the trace into transactions: a command record, then the data records up to the next one.
  const records = parseDbiTrace(readFileSync(path));
  t.same(records[0].kind, 'reset', 'RESX first');
  const txns: number[][] = [];
  for (const r of records.slice(1)) {
    if (r.kind === 'command') for (const b of r.bytes) txns.push([b]);
    else if (r.kind === 'data') txns[txns.length - 1].push(...r.bytes);
  }
  t.same(txns.slice(0, GC9A01_TFT_ESPI.length), GC9A01_TFT_ESPI, 'vendor init byte for byte');
  const rest = txns.slice(GC9A01_TFT_ESPI.length).map((x) => (x[0] === 0x2c ? [0x2c] : x)); // RAMWR: pixels not compared
  t.same(rest, [
    [0x3a, 0x55], // COLMOD 16 bit
    [0x36, 0x08], // MADCTL BGR: upright (TFT_eSPI GC9A01_Rotation.h rotation 0)
    [0x21], // INVON (TFT_eSPI sends 21h)
    [0x11], // SLPOUT
    [0x2a, 0x00, 0x00, 0x00, 0xef], [0x2b, 0x00, 0x00, 0x00, 0xef], [0x2c], // clear 240x240
    [0x29], // DISPON
  ]);
  t.ok(sim.displayOn && !sim.sleeping && sim.inverted, 'the simulated GC9A01 is on, awake, inverted');
  t.equal(sim.truncatedCommands, 0, 'no DCS command cut short');
});

/** Every command a preset's init sends, as [command, ...parameters]. */
async function vendorInit(name: string): Promise<number[][]> {
  const bus = new RecordingBus();
  await new DcsPanel(PANEL_PRESETS[name], 0, bus, noSleep).init();
  return bus.calls.flatMap((c) => (c.kind === 'command' ? [[c.cmd, ...c.params]] : []));
}

// Gamma tables, from the drivers each preset cites.
const ST7735R_GMCTRP1 = [0x02, 0x1c, 0x07, 0x12, 0x37, 0x32, 0x29, 0x2d, 0x29, 0x25, 0x2b, 0x39, 0x00, 0x01, 0x03, 0x10];
const ST7735R_GMCTRN1 = [0x03, 0x1d, 0x07, 0x06, 0x2e, 0x2c, 0x29, 0x2d, 0x2e, 0x2e, 0x37, 0x3f, 0x00, 0x00, 0x02, 0x10];
const GAMMA: Array<[string, string, Array<[number, number[]]>]> = [
  ['hx8357d', 'drivers/gpu/drm/tiny/hx8357d.c HX8357D_SETGAMMA, 34 bytes', [[0xe0, [
    0x02, 0x0a, 0x11, 0x1d, 0x23, 0x35, 0x41, 0x4b, 0x4b, 0x42, 0x3a, 0x27, 0x1b, 0x08, 0x09, 0x03,
    0x02, 0x0a, 0x11, 0x1d, 0x23, 0x35, 0x41, 0x4b, 0x4b, 0x42, 0x3a, 0x27, 0x1b, 0x08, 0x09, 0x03,
    0x00, 0x01]]]],
  ...['st7735r', 'st7735r-green', 'st7735r-red', 'st7735r-black', 'st7735r-128x128', 'st7735r-160x80'].map(
    (name): [string, string, Array<[number, number[]]>] =>
      [name, 'drivers/gpu/drm/tiny/st7735r.c GAMCTRP1/N1 = Adafruit Rcmd3, 16 bytes each', [[0xe0, ST7735R_GMCTRP1], [0xe1, ST7735R_GMCTRN1]]]),
  ['ili9488', 'TFT_eSPI ILI9488_Init.h, 15 bytes each', [
    [0xe0, [0x00, 0x03, 0x09, 0x08, 0x16, 0x0a, 0x3f, 0x78, 0x4c, 0x09, 0x0a, 0x08, 0x16, 0x1a, 0x0f]],
    [0xe1, [0x00, 0x16, 0x19, 0x03, 0x0f, 0x05, 0x32, 0x45, 0x46, 0x04, 0x0e, 0x0d, 0x35, 0x37, 0x0f]]]],
  ['st7789', 'Waveshare LCD_1in3.c LCD_1IN3_InitReg, 14 bytes each', [
    [0xe0, [0xd0, 0x04, 0x0d, 0x11, 0x13, 0x2b, 0x3f, 0x54, 0x4c, 0x18, 0x0d, 0x0b, 0x1f, 0x23]],
    [0xe1, [0xd0, 0x04, 0x0c, 0x11, 0x13, 0x2c, 0x3f, 0x44, 0x51, 0x2f, 0x1f, 0x1f, 0x20, 0x23]]]],
];

for (const [name, source, tables] of GAMMA) {
  t.test(`${name}: gamma sent as ${source}`, async (t) => {
    const sent = await vendorInit(name);
    for (const [cmd, params] of tables) {
      const found = sent.filter((c) => c[0] === cmd);
      t.equal(found.length, 1, `${cmd.toString(16)}h sent once`);
      t.equal(found[0]?.length - 1, params.length, `${cmd.toString(16)}h: ${params.length} parameter bytes`);
      t.same(found[0]?.slice(1), params, `${cmd.toString(16)}h values`);
    }
  });
}

t.test('ILI9486: INVON on plain SPI modules (TFT_eSPI ILI9486_Init.h), none on the Waveshare/PiScreen boards (DRM ili9486.c)', async (t) => {
  const spi = await vendorInit('ili9486');
  t.ok(spi.some((c) => c[0] === 0x21) && !spi.some((c) => c[0] === 0x20), 'ili9486: INVON');
  const waveshare = await vendorInit('ili9486-waveshare');
  t.ok(!waveshare.some((c) => c[0] === 0x21), 'ili9486-waveshare: no INVON');
});
