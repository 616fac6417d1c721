import t from 'tap';
import type { Bus } from '../../../daemon/bus/bus.js';
import { openSpidevBus } from '../../../daemon/bus/open-spidev.js';
import { resolveSpiClocks } from '../../../daemon/bus/spi-clock.js';
import { PANEL_PRESETS } from '../../../daemon/panel/presets/index.js';
import { SimBus } from '../../../daemon/bus/sim-bus.js';
import { parseDaemonArgs } from '../../../daemon/config/load.js';
import { ili9341Module } from '../../../daemon/sim/module-model.js';
import { SimPanel } from '../../../daemon/sim/sim-panel.js';

/**
 * The Bus contract (daemon/bus/bus.ts), run against every implementation:
 * the simulated bus always, a real spidev device when SPIFB_TEST_SPIDEV names
 * one (with SPIFB_TEST_DC, SPIFB_TEST_RESET, SPIFB_TEST_BACKLIGHT as pin
 * specs and SPIFB_TEST_GPIO_DRIVER = gpiochip | rpio). A panel should be
 * wired: the cases draw on it.
 */
interface Backend {
  name: string;
  skip: string | false;
  open(): Bus;
}

const env = process.env;
const backends: Backend[] = [
  { name: 'sim', skip: false, open: () => new SimBus(new SimPanel(ili9341Module)) },
  {
    name: `spidev ${env.SPIFB_TEST_SPIDEV ?? ''}`.trim(),
    skip: env.SPIFB_TEST_SPIDEV && (env.SPIFB_TEST_DC || env.SPIFB_TEST_GPIO_DRIVER)
      ? false
      : 'set SPIFB_TEST_SPIDEV=/dev/spidevB.C and SPIFB_TEST_DC (plus SPIFB_TEST_RESET, SPIFB_TEST_BACKLIGHT, SPIFB_TEST_GPIO_DRIVER) to run on hardware',
    open() {
      const flags = ['--bus', 'spidev', '--spi', env.SPIFB_TEST_SPIDEV!];
      if (env.SPIFB_TEST_DC) flags.push('--dc', env.SPIFB_TEST_DC);
      if (env.SPIFB_TEST_RESET) flags.push('--reset', env.SPIFB_TEST_RESET);
      if (env.SPIFB_TEST_BACKLIGHT) flags.push('--backlight', env.SPIFB_TEST_BACKLIGHT);
      const config = parseDaemonArgs(flags, { SPIFB_SOCKET: '/tmp/unused.sock' });
      if (config === 'help') throw new Error('unreachable');
      if (env.SPIFB_TEST_GPIO_DRIVER === 'rpio') config['gpio.driver'] = 'rpio';
      return openSpidevBus(config, resolveSpiClocks({ pixelHz: config['spi.hz'], commandHz: config['spi.commandHz'] }, PANEL_PRESETS[config.panel].maxHz, config.panel));
    },
  },
];

for (const backend of backends) {
  t.test(`Bus contract: ${backend.name}`, { todo: backend.skip }, async (t) => {
    const bus = backend.open();
    t.teardown(() => bus.close());

    await t.test('reset, commands and a write larger than any bufsiz resolve in order', async (t) => {
      const done: string[] = [];
      await t.resolves((async () => {
        await bus.reset();
        done.push('reset');
        await bus.command(0x11);
        await bus.command(0x3a, Uint8Array.of(0x55));
        await bus.command(0x2a, Uint8Array.of(0, 0, 0, 239));
        await bus.command(0x2b, Uint8Array.of(0, 0, 1, 63));
        await bus.command(0x2c);
        done.push('commands');
        await bus.pixels(new Uint8Array(240 * 320 * 2).fill(0x1f));
        done.push('pixels');
        await bus.command(0x29);
        await bus.backlight(50);
        done.push('backlight');
      })(), 'every call resolves');
      t.same(done, ['reset', 'commands', 'pixels', 'backlight']);
    });

    await t.test('an overlapping call rejects with EBUS and leaves the first alone', async (t) => {
      const first = bus.pixels(new Uint8Array(4096));
      await t.rejects(bus.command(0x00), { code: 'EBUS', message: /overlapping/ });
      await t.resolves(first);
    });

    await t.test('after close every call rejects with EBUS', async (t) => {
      await bus.close();
      await t.rejects(bus.command(0x00), { code: 'EBUS', message: /closed/ });
      await t.rejects(bus.pixels(new Uint8Array(2)), { code: 'EBUS', message: /closed/ });
      await t.rejects(bus.reset(), { code: 'EBUS', message: /closed/ });
      await t.resolves(bus.close(), 'closing twice is fine');
    });
  });
}
