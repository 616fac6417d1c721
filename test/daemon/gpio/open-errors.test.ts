import t from 'tap';
import { openSpidevBus } from '../../../daemon/boot/open-spidev.js';
import { parseDaemonArgs } from '../../../daemon/boot/config-load.js';

// Missing devices and bad pins are coded errors with a message, never a crash.
function config(flags: string[]) {
  const c = parseDaemonArgs(['--bus', 'spidev', ...flags], { SPIFB_SOCKET: '/tmp/unused.sock' });
  if (c === 'help') throw new Error('unreachable');
  return c;
}

const CLOCKS = { pixelHz: 32_000_000, commandHz: 10_000_000 };

t.test('no spi.device', async (t) => {
  t.throws(() => openSpidevBus(config([]), CLOCKS), { code: 'EBAD_CONFIG', message: /spi\.device/ });
});

t.test('a path that is not a spidev node', async (t) => {
  t.throws(() => openSpidevBus(config(['--spi', '/dev/null']), CLOCKS), { code: 'EBAD_CONFIG', message: /spidevB\.C/ });
});

t.test('a spidev node that does not exist says how to enable SPI', async (t) => {
  t.throws(() => openSpidevBus(config(['--spi', '/dev/spidev7.3']), CLOCKS), { code: 'ENO_DEVICE', message: /spidev7\.3.*dtparam=spi=on/ });
});

t.test('a gpiochip that does not exist', async (t) => {
  t.throws(() => openSpidevBus(config(['--spi', '/dev/spidev7.3', '--dc', 'gpiochip97:4']), CLOCKS), { code: 'ENO_DEVICE', message: /gpiochip97/ });
});

t.test('a line name found on no chip', async (t) => {
  t.throws(() => openSpidevBus(config(['--spi', '/dev/spidev7.3', '--dc', 'NO_SUCH_LINE']), CLOCKS), { code: 'ENO_DEVICE', message: /NO_SUCH_LINE/ });
});

t.test('rpio on a machine that is not a Raspberry Pi is refused, not silently mocked', async (t) => {
  const c = config(['--spi', '/dev/spidev7.3', '--dc', 'GPIO24']);
  c['gpio.driver'] = 'rpio';
  t.throws(() => openSpidevBus(c, CLOCKS), { code: 'ENO_DEVICE', message: /not a Raspberry Pi/ });
});
