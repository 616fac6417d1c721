import t from 'tap';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDbiTrace, replayDbiTrace } from '../../../daemon/sim/dbi-trace.js';
import { SIM_MODULES } from '../../../daemon/sim/modules.js';
import { SimPanel } from '../../../daemon/sim/sim-panel.js';
import { ROOT, runCli, startDaemon, tempDir } from '../../helpers/daemon-process.js';
import { firstDifference, quantise565, readPng, testImage, writePng } from '../../helpers/test-image.js';

// One real-daemon run per controller family: CLI push → daemon → driver →
// simulated bus, checked via the snapshot and via the recorded DBI trace
// decoded by a fresh simulated module. The in-process rotation.test.ts covers
// every preset at every rotation; this covers the whole path.
const onGlass: Record<number, (x: number, y: number, gw: number, gh: number) => [number, number]> = {
  0: (x, y) => [x, y],
  90: (x, y, gw) => [gw - 1 - y, x],
  180: (x, y, gw, gh) => [gw - 1 - x, gh - 1 - y],
  270: (x, y, _gw, gh) => [y, gh - 1 - x],
};

// Daemons are independent: run two at a time to keep the suite quick on 2 cores.
t.jobs = 2;

const RUNS: Array<[string, number, string[]]> = [
  ['st7789-135x240', 90, []], // offset window, IPS
  ['st7735r-160x80', 270, []], // landscape glass on a mirrored ST7735R, BGR, inverted
  ['ili9486-waveshare', 90, []], // 16-bit words behind a shift register
  ['ssd1351', 270, []], // not DCS
  ['ili9341', 0, ['--init-file', join(ROOT, 'test/fixtures/panels/ili9341.fbtft-init.dts')]], // fbtft init list
];

for (const [panel, rotation, extra] of RUNS) {
  t.test(`daemon: ${panel} at ${rotation}° ${extra.length ? 'with an init file' : ''}`, async (t) => {
    const dir = tempDir(t);
    const trace = join(dir, 'wire.dbi');
    const daemon = await startDaemon(dir, ['--panel', panel, '--rotation', String(rotation), '--trace', trace, ...extra]);
    t.teardown(() => daemon.stop());
    const sock = ['--socket', daemon.socket];
    const info = JSON.parse((await runCli([...sock, 'info', '--json'])).stdout);
    const { width, height } = info;
    const g = SIM_MODULES[panel].glass;
    t.same([width, height], rotation % 180 ? [g.height, g.width] : [g.width, g.height]);
    const image = testImage(width, height);
    await writePng(join(dir, 'in.png'), width, height, image);
    t.equal((await runCli([...sock, 'push', join(dir, 'in.png')])).code, 0);
    t.equal((await runCli([...sock, 'snapshot', join(dir, 'out.png')])).code, 0);
    const expected = quantise565(image);
    t.equal(firstDifference((await readPng(join(dir, 'out.png'))).rgb, expected, width), null, 'snapshot');
    t.equal(await daemon.stop(), 0);

    const sim = new SimPanel(SIM_MODULES[panel]);
    replayDbiTrace(parseDbiTrace(readFileSync(trace)), sim);
    const glass = sim.glassView();
    const seen = new Uint8Array(width * height * 3);
    for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) {
      const [gx, gy] = onGlass[rotation](x, y, glass.width, glass.height);
      seen.set(glass.rgb.subarray((gy * glass.width + gx) * 3, (gy * glass.width + gx) * 3 + 3), (y * width + x) * 3);
    }
    t.equal(firstDifference(seen, expected, width), null, 'DBI trace');
  });
}

t.test('daemon: a malformed init file stops start-up with EBAD_CONFIG naming the place', async (t) => {
  const dir = tempDir(t);
  const bad = join(dir, 'bad.bin');
  (await import('node:fs')).writeFileSync(bad, Uint8Array.of(0x4d, 0x49, 0x50, 0x49, 0x20, 0x44, 0x42, 0x49, 0, 0, 0, 0, 0, 0, 0, 1, 0x2a, 4, 0));
  await t.rejects(startDaemon(dir, ['--panel', 'st7789', '--init-file', bad]), /EBAD_CONFIG.*byte 16: command 0x2a with 4 parameters overflows/s);
});
