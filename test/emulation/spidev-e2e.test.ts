import t from 'tap';
import type tap from 'tap';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDbiTrace, replayDbiTrace } from '../../daemon/sim/dbi-trace.js';
import { ili9341Module } from '../../daemon/sim/module-model.js';
import { SimPanel } from '../../daemon/sim/sim-panel.js';
import { tempDir } from '../helpers/daemon-process.js';
import { firstDifference } from '../helpers/test-image.js';
import { buildShim, fakeSysfs, startWithEnv } from './emulated-device.js';
import { pushFrames } from './frames.js';

// The spidev + gpiochip path through the emulated kernel device: the DBI
// trace the "kernel" saw must decode to the same glass as the simulated bus
// given the same frames (issue 6, "Done when").

const dir = tempDir(t);
const shim = buildShim(dir);
const SPIDEV = '/dev/spidev0.0';
const PANEL = ['--panel', 'ili9341', '--rotation', '90'];

function glassOf(tracePath: string): SimPanel {
  const panel = new SimPanel(ili9341Module);
  replayDbiTrace(parseDbiTrace(readFileSync(tracePath)), panel);
  return panel;
}

async function simGlass(): Promise<Uint8Array> {
  const trace = join(dir, 'sim.dbi');
  const d = await startWithEnv(dir, 'sim', [...PANEL, '--trace', trace], {});
  await pushFrames(d.socket);
  await d.stop();
  return glassOf(trace).glassView().rgb;
}

interface SpidevRun {
  name: string;
  bufsiz: number;
  /** Omit the DC pin: 3-wire, 9-bit. */
  threeWire?: 'words' | 'packed';
}

async function spidevRun(t: Pick<typeof tap, 'equal'>, run: SpidevRun): Promise<{ glass: SimPanel; log: string }> {
  const trace = join(dir, `${run.name}.dbi`);
  const log = join(dir, `${run.name}.log`);
  const env: NodeJS.ProcessEnv = {
    LD_PRELOAD: (shim as { so: string }).so,
    SPIFB_SHIM_SPIDEV: SPIDEV, SPIFB_SHIM_TRACE: trace, SPIFB_SHIM_LOG: log,
    SPIFB_SHIM_BUFSIZ: String(run.bufsiz), SPIFB_SYSFS_ROOT: fakeSysfs(dir, run.bufsiz),
    ...(run.threeWire === 'packed' ? { SPIFB_SHIM_NO_9BIT: '1' } : {}),
  };
  const pins = run.threeWire ? [] : ['--dc', 'gpiochip0:24'];
  // RESET by line name (looked up with GPIO_V2_GET_LINEINFO_IOCTL), DC by offset.
  const flags = [...PANEL, '--bus', 'spidev', '--spi', SPIDEV, ...pins, '--reset', 'gpiochip0:LINE25', '--backlight', 'gpiochip0:18'];
  const d = await startWithEnv(dir, run.name, flags, env);
  await pushFrames(d.socket);
  t.equal(await d.stop(), 0, `${run.name}: clean exit`);
  return { glass: glassOf(trace), log: readFileSync(log, 'utf8') };
}

t.test('spidev + gpiochip through the emulated kernel equals the sim bus', { skip: 'skip' in shim ? shim.skip : false }, async (t) => {
  const expected = await simGlass();
  const runs: SpidevRun[] = [
    { name: 'bufsiz-4096', bufsiz: 4096 },
    { name: 'bufsiz-1MiB', bufsiz: 1 << 20 },
    { name: '3wire-9bit-words', bufsiz: 4096, threeWire: 'words' },
    { name: '3wire-packed', bufsiz: 4096, threeWire: 'packed' },
  ];
  for (const run of runs) {
    await t.test(run.name, async (t) => {
      const { glass, log } = await spidevRun(t, run);
      const view = glass.glassView();
      t.equal(firstDifference(view.rgb, expected, view.width), null, 'same glass as --bus sim');
      t.ok(glass.displayOn && !glass.sleeping, 'display on, out of sleep');
      const msgs = [...log.matchAll(/^msg n=(\d+) tx_total=(\d+)$/gm)].map((m) => [Number(m[1]), Number(m[2])]);
      t.ok(msgs.length > 0, 'SPI messages reached the device');
      t.ok(msgs.every(([n, total]) => n <= 511 && total <= run.bufsiz), 'every message within bufsiz after DMA rounding, ≤ 511 transfers');
      t.notOk(/EMSGSIZE/.test(log), 'no EMSGSIZE');
      const xfers = [...log.matchAll(/^xfer msg_n=\d+ len=(\d+) speed=(\d+) bpw=(\d+)/gm)].map((m) => m.slice(1).map(Number));
      const big = xfers.filter(([len]) => len > 64);
      // No --spi-hz: the ili9341 preset's limit (62.5 MHz, presets/ili9341.ts).
      t.ok(big.length > 0 && big.every(([, speed]) => speed === 62_500_000), 'pixel data at the preset\'s limit (62.5 MHz)');
      t.ok(xfers.filter(([len]) => len <= 2).every(([, speed]) => speed === 10_000_000), 'command bytes at spi.commandHz (10 MHz)');
      if (run.bufsiz > 65_535) t.ok(msgs.some(([n]) => n > 1), 'a large bufsiz batches several transfers per message');
      if (run.threeWire === 'words') t.ok(xfers.every(([, , bpw]) => bpw === 9), 'bits_per_word 9');
      if (run.threeWire === 'packed') t.ok(xfers.every(([, , bpw]) => bpw === 8), 'packed into 8-bit transfers');
      if (!run.threeWire) t.match(log, /^line 18=1$/m, 'backlight switched on');
    });
  }
});

t.test('a message over the real bufsiz gives the EMSGSIZE advice, not a crash', { skip: 'skip' in shim ? shim.skip : false }, async (t) => {
  // sysfs claims 65536 but the "kernel" enforces 4096: the first frame's message is refused.
  const env: NodeJS.ProcessEnv = {
    LD_PRELOAD: (shim as { so: string }).so,
    SPIFB_SHIM_SPIDEV: SPIDEV, SPIFB_SHIM_BUFSIZ: '4096', SPIFB_SYSFS_ROOT: fakeSysfs(dir, 65_536),
  };
  const d = await startWithEnv(dir, 'emsgsize', ['--bus', 'spidev', '--spi', SPIDEV, '--dc', 'gpiochip0:24'], env, /EMSGSIZE/);
  await new Promise((r) => setTimeout(r, 200));
  t.match(d.output(), /EMSGSIZE.*spidev\.bufsiz=65536.*modprobe/, 'the log says what to change');
  t.equal(d.child.exitCode, null, 'still running (retrying), not crashed');
  await d.stop();
});
