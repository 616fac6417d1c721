import t from 'tap';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SimBus } from '../../../daemon/bus/sim-bus.js';
import { DcsPanel } from '../../../daemon/panel/dcs-panel.js';
import { parseFbtftInit } from '../../../daemon/panel/fbtft-init.js';
import { readInitFile } from '../../../daemon/panel/init-file.js';
import { parseMipiDbiFirmware } from '../../../daemon/panel/mipi-dbi-firmware.js';
import { PANEL_PRESETS } from '../../../daemon/panel/presets/index.js';
import { resolvePanel } from '../../../daemon/panel/resolve-panel.js';
import { SIM_MODULES } from '../../../daemon/sim/modules.js';
import { SimPanel } from '../../../daemon/sim/sim-panel.js';
import { Surface } from '../../../daemon/surface/surface.js';
import { ROOT } from '../../helpers/daemon-process.js';
import { firstDifference, quantise565, testImage } from '../../helpers/test-image.js';

const FIXTURES = join(ROOT, 'test/fixtures/panels');
const FIRMWARE = join(FIXTURES, 'st7789-240x240.panel-mipi-dbi.bin');
const FBTFT = join(FIXTURES, 'ili9341.fbtft-init.dts');
const noSleep = async (): Promise<void> => {};

// The firmware fixture byte by byte (panel-mipi-dbi.c struct panel_mipi_dbi_config):
const MAGIC = [0x4d, 0x49, 0x50, 0x49, 0x20, 0x44, 0x42, 0x49, 0, 0, 0, 0, 0, 0, 0]; // "MIPI DBI" + 7 zeros
const FIRMWARE_BYTES = [
  ...MAGIC, 0x01, //                   version 1
  0x01, 0x00, 0x00, 0x01, 0x96, //     SWRESET; delay 150 ms (NOP with 1 parameter)
  0x11, 0x00, 0x00, 0x01, 0xff, //     SLPOUT; delay 255 ms
  0x3a, 0x01, 0x55, //                 COLMOD 16 bit
  0xb2, 0x05, 0x0c, 0x0c, 0x00, 0x33, 0x33, // PORCTRL
  0xb7, 0x01, 0x35, 0xbb, 0x01, 0x19, // GCTRL, VCOMS
  0x21, 0x00, 0x29, 0x00, 0x00, 0x01, 0x64, // INVON; DISPON; delay 100 ms
];

t.test('panel-mipi-dbi firmware: the fixture parses to its commands and delays', async (t) => {
  const buf = readFileSync(FIRMWARE);
  t.same([...buf], FIRMWARE_BYTES, 'fixture is the documented bytes');
  t.same(parseMipiDbiFirmware(buf, 'fw'), [
    { cmd: 0x01, delayMs: 150 }, { cmd: 0x11, delayMs: 255 }, { cmd: 0x3a, params: [0x55] },
    { cmd: 0xb2, params: [0x0c, 0x0c, 0x00, 0x33, 0x33] }, { cmd: 0xb7, params: [0x35] }, { cmd: 0xbb, params: [0x19] },
    { cmd: 0x21 }, { cmd: 0x29, delayMs: 100 },
  ]);
});

t.test('panel-mipi-dbi firmware: malformed files are EBAD_CONFIG saying where', async (t) => {
  const cases: Array<[string, number[], RegExp]> = [
    ['too small', [...MAGIC, 1], /byte 0: file of 16 bytes is too small/],
    ['bad magic', [...MAGIC.slice(0, 9), 7, ...MAGIC.slice(10), 1, 0x29, 0], /byte 9: bad magic/],
    ['version 2', [...MAGIC, 2, 0x29, 0], /byte 15: version 2 is not supported/],
    ['overflow', [...MAGIC, 1, 0x29, 0, 0xb2, 5, 1, 2], /byte 18: command 0xb2 with 5 parameters overflows/],
    ['lone byte', [...MAGIC, 1, 0x29, 0, 0x11], /byte 18: malformed command array/],
  ];
  for (const [name, bytes, message] of cases) {
    t.throws(() => parseMipiDbiFirmware(Uint8Array.from(bytes), 'fw.bin'), { code: 'EBAD_CONFIG', message }, name);
  }
});

t.test('fbtft init: DTS text and raw big-endian property give the same steps', async (t) => {
  const steps = parseFbtftInit(readFileSync(FBTFT), 'dts');
  t.same(steps.slice(0, 3), [{ cmd: 0x01, delayMs: 5 }, { cmd: 0x28 }, { cmd: 0xcf, params: [0x00, 0x83, 0x30] }]);
  t.same(steps.slice(-2), [{ cmd: 0x11, delayMs: 100 }, { cmd: 0x29, delayMs: 20 }]);
  // /proc/device-tree/.../init holds the same values as big-endian u32.
  const raw = Uint8Array.from([0x01, 0x00, 0x00, 0x11, 0x02, 0x00, 0x00, 0x78, 0x01, 0x00, 0x00, 0x36, 0x00, 0x00, 0x00, 0x48]);
  t.same(parseFbtftInit(raw, 'bin'), [{ cmd: 0x11, delayMs: 120 }, { cmd: 0x36, params: [0x48] }]);
});

t.test('fbtft init: malformed lists are EBAD_CONFIG saying where', async (t) => {
  const text = (s: string) => new TextEncoder().encode(s);
  const cases: Array<[string, Uint8Array, RegExp]> = [
    ['parameter first', text('<0x48 0x1000036>'), /line 1, value 0: illegal init value 0x48/],
    ['bad token', text('init = <0x1000011\n 0x20000zz>;'), /line 2: "0x20000zz" is not a u32 number/],
    ['16-bit register', text('0x1000136 0x00'), /command 0x1000136: only 8-bit registers/],
    ['wide parameter', text('0x1000036 0x148'), /parameter 0x148 of command 0x36 is wider than a byte/],
    ['64 parameters', text(`0x10000e0 ${'0x01 '.repeat(64)}`), /command 0xe0 has more than 63 parameters/],
    ['binary, odd length', Uint8Array.of(1, 0, 0, 0x11, 0), /5 bytes is not a whole number of u32/],
    ['empty', text('/* nothing */'), /no values/],
  ];
  for (const [name, bytes, message] of cases) {
    t.throws(() => parseFbtftInit(bytes, 'init.dts'), { code: 'EBAD_CONFIG', message }, name);
  }
  t.throws(() => readInitFile('/nonexistent/init.bin'), { code: 'EBAD_CONFIG', message: /cannot read init file/ });
});

/** Drive a preset whose vendor init comes from a file; the glass must show the image upright. */
async function driveWithInitFile(name: string, file: string, rotation: 0 | 90 | 180 | 270) {
  const spec = resolvePanel(PANEL_PRESETS[name], { initFile: file });
  const sim = new SimPanel(SIM_MODULES[name]);
  const sent: number[] = [];
  const bus = new SimBus(sim);
  const run = bus.run.bind(bus);
  bus.run = (program) => {
    for (const s of program.segments) if (s.op === 'command') sent.push(...s.bytes);
    return run(program);
  };
  const panel = new DcsPanel(spec, rotation, bus, noSleep);
  await panel.init();
  const surface = Surface.allocate(panel.width, panel.height);
  const image = testImage(panel.width, panel.height);
  surface.blit({ x: 0, y: 0, w: panel.width, h: panel.height }, 'rgb888', image, panel.width * 3);
  await panel.writeRect(surface.bytes, surface.stride, { x: 0, y: 0, w: panel.width, h: panel.height });
  return { sim, sent, image, panel };
}

t.test('a panel-mipi-dbi firmware file drives an ST7789 240x240 module', async (t) => {
  const { sim, sent, image, panel } = await driveWithInitFile('st7789-240x240', FIRMWARE, 0);
  t.same(sent.slice(0, 7), [0x01, 0x11, 0x3a, 0xb2, 0xb7, 0xbb, 0x21], 'the file, not the preset, is the vendor init');
  t.equal(firstDifference(sim.glassView().rgb, quantise565(image), panel.width), null);
});

t.test('an fbtft init list drives an ILI9341 module', async (t) => {
  const { sim, sent, image, panel } = await driveWithInitFile('ili9341', FBTFT, 0);
  t.same(sent.slice(0, 4), [0x01, 0x28, 0xcf, 0xed]);
  t.equal(firstDifference(sim.glassView().rgb, quantise565(image), panel.width), null);
});
