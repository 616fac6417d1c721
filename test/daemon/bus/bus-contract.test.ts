import t from 'tap';
import type { Bus, FrameProgram } from '../../../daemon/bus/bus.js';
import { HARDWARE_KEYS } from '../../../daemon/boot/hardware-keys.js';
import { openSpidevBus } from '../../../daemon/boot/open-spidev.js';
import { resolveSpiClocks } from '../../../daemon/bus/spi-clock.js';
import { PANEL_PRESETS } from '../../../daemon/panel/presets/index.js';
import { SimBus } from '../../../daemon/bus/sim-bus.js';
import { parseDaemonArgs } from '../../../daemon/boot/config-load.js';
import { ili9341Module } from '../../../daemon/sim/module-model.js';
import { SimPanel } from '../../../daemon/sim/sim-panel.js';

/**
 * The Bus contract (daemon/bus/bus.ts), run against every implementation:
 * the simulated bus always, a real spidev device when SPIFB_TEST_SPIDEV names
 * one (with SPIFB_TEST_DC, SPIFB_TEST_RESET, SPIFB_TEST_BACKLIGHT,
 * SPIFB_TEST_TE as pin specs and SPIFB_TEST_GPIO_DRIVER = gpiochip | rpio).
 * An ILI9341-like panel should be wired: the cases draw on it. The bus knows
 * no command byte, so the programs here are built by hand, as a panel would.
 */
interface Backend {
  name: string;
  skip: string | false;
  /** A reset pin is wired, so reset() must resolve true. */
  resetPin: boolean;
  /** A TE input is wired, so hasTe must be true. */
  te: boolean;
  /** Longest a `wait-te` may hold the program (the TE timeout, or nothing without a pin). */
  teWaitMs: number;
  open(): { bus: Bus; panel?: SimPanel };
}

const env = process.env;
const backends: Backend[] = [
  {
    name: 'sim', skip: false, resetPin: true, te: false, teWaitMs: 0,
    open() {
      const panel = new SimPanel(ili9341Module);
      return { bus: new SimBus(panel), panel };
    },
  },
  {
    name: `spidev ${env.SPIFB_TEST_SPIDEV ?? ''}`.trim(),
    skip: env.SPIFB_TEST_SPIDEV && (env.SPIFB_TEST_DC || env.SPIFB_TEST_GPIO_DRIVER)
      ? false
      : 'set SPIFB_TEST_SPIDEV=/dev/spidevB.C and SPIFB_TEST_DC (plus SPIFB_TEST_RESET, SPIFB_TEST_BACKLIGHT, SPIFB_TEST_TE, SPIFB_TEST_GPIO_DRIVER) to run on hardware',
    resetPin: Boolean(env.SPIFB_TEST_RESET),
    te: Boolean(env.SPIFB_TEST_TE),
    teWaitMs: env.SPIFB_TEST_TE ? HARDWARE_KEYS['te.timeoutMs'].default : 0,
    open() {
      const flags = ['--bus', 'spidev', '--spi', env.SPIFB_TEST_SPIDEV!];
      if (env.SPIFB_TEST_DC) flags.push('--dc', env.SPIFB_TEST_DC);
      if (env.SPIFB_TEST_RESET) flags.push('--reset', env.SPIFB_TEST_RESET);
      if (env.SPIFB_TEST_BACKLIGHT) flags.push('--backlight', env.SPIFB_TEST_BACKLIGHT);
      if (env.SPIFB_TEST_TE) flags.push('--te', env.SPIFB_TEST_TE);
      const config = parseDaemonArgs(flags, { SPIFB_SOCKET: '/tmp/unused.sock' });
      if (config === 'help') throw new Error('unreachable');
      if (env.SPIFB_TEST_GPIO_DRIVER === 'rpio') config['gpio.driver'] = 'rpio';
      return { bus: openSpidevBus(config, resolveSpiClocks({ pixelHz: config['spi.hz'], commandHz: config['spi.commandHz'] }, PANEL_PRESETS[config.panel].maxHz, config.panel)) };
    },
  },
];

/** One command byte with DC low, then its parameters with DC high at the command clock. */
function command(cmd: number, ...params: number[]): FrameProgram['segments'] {
  return params.length > 0
    ? [{ op: 'command', bytes: Uint8Array.of(cmd) }, { op: 'data', bytes: Uint8Array.from(params), clock: 'command' }]
    : [{ op: 'command', bytes: Uint8Array.of(cmd) }];
}

// MIPI DCS 1.02 Table 6, ILI9341 §8.2 numbers.
const NOP = 0x00; // §8.2.1
const SLPOUT = 0x11; // §8.2.12: 120 ms before Sleep In, 5 ms before the next command
const DISPON = 0x29; // §8.2.19
const CASET = 0x2a; // §8.2.20
const PASET = 0x2b; // §8.2.21
const RAMWR = 0x2c; // §8.2.22
const COLMOD = 0x3a; // §8.2.33; 55h = 16 bits per pixel

const W = 240;
const H = 320;

for (const backend of backends) {
  t.test(`Bus contract: ${backend.name}`, { todo: backend.skip }, async (t) => {
    const { bus, panel } = backend.open();
    t.teardown(() => bus.close());

    t.equal(bus.hasTe, backend.te, 'hasTe says whether a TE input is wired');

    await t.test('reset, programs with a write larger than any bufsiz, and backlight resolve in order', async (t) => {
      const done: string[] = [];
      await t.resolves((async () => {
        t.equal(await bus.reset(), backend.resetPin, 'reset resolves true exactly when it pulsed a reset pin');
        done.push('reset');
        await bus.run({ segments: command(SLPOUT) });
        await new Promise((r) => setTimeout(r, 120));
        done.push('sleep out');
        await bus.run({
          segments: [
            ...command(COLMOD, 0x55),
            { op: 'wait-te' },
            ...command(CASET, 0, 0, 0, W - 1),
            ...command(PASET, 0, 0, (H - 1) >> 8, (H - 1) & 0xff),
            ...command(RAMWR),
            { op: 'data', bytes: new Uint8Array(W * H * 2).fill(0x1f), clock: 'pixels' },
          ],
        });
        done.push('frame');
        await bus.run({ segments: command(DISPON) });
        await bus.backlight(50);
        done.push('backlight');
      })(), 'every call resolves');
      t.same(done, ['reset', 'sleep out', 'frame', 'backlight']);
      if (panel) {
        // Where the wire can be read back: command segments went with DC low, data with DC high.
        t.equal(panel.colmod, 0x55, 'the COLMOD parameter arrived as data');
        t.equal(panel.pixelsWritten, W * H, 'every pixel of the write arrived, none cut by a chunk boundary');
        t.ok(!panel.sleeping && panel.displayOn, 'SLPOUT and DISPON arrived as commands');
        t.equal(panel.unknownCommands + panel.truncatedCommands, 0, 'no byte was taken for a command it is not');
      }
    });

    await t.test('wait-te holds the program at most until the TE timeout; without a TE pin not at all', async (t) => {
      const start = performance.now();
      await bus.run({ segments: [{ op: 'wait-te' }, ...command(NOP)] });
      t.ok(performance.now() - start < backend.teWaitMs + 40, `took ${(performance.now() - start).toFixed(1)} ms`);
    });

    await t.test('an overlapping call rejects with EBUS and leaves the first alone', async (t) => {
      const first = bus.run({ segments: [...command(RAMWR), { op: 'data', bytes: new Uint8Array(4096), clock: 'pixels' }] });
      // Both made before the first settles: the caller forgot to await.
      const second = bus.run({ segments: command(NOP) });
      const reset = bus.reset();
      await t.rejects(second, { code: 'EBUS', message: /overlapping/ });
      await t.rejects(reset, { code: 'EBUS', message: /overlapping/ });
      await t.resolves(first);
    });

    await t.test('after close every call rejects with EBUS', async (t) => {
      await bus.close();
      await t.rejects(bus.run({ segments: command(NOP) }), { code: 'EBUS', message: /closed/ });
      await t.rejects(bus.run({ segments: [{ op: 'data', bytes: new Uint8Array(2), clock: 'pixels' }] }), { code: 'EBUS', message: /closed/ });
      await t.rejects(bus.reset(), { code: 'EBUS', message: /closed/ });
      await t.rejects(bus.backlight(10), { code: 'EBUS', message: /closed/ });
      await t.resolves(bus.close(), 'closing twice is fine');
    });
  });
}
