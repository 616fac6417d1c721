import t from 'tap';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseDaemonArgs } from '../../../daemon/boot/config-load.js';
import { ROOT } from '../../helpers/daemon-process.js';

// The example configs in systemd/examples must load with the daemon's own
// loader (unknown keys and bad values stop start-up, so a typo here would
// stop a user's first boot).
const dir = join(ROOT, 'systemd/examples');
const env = { SPIFB_SOCKET: '/tmp/unused.sock' };

t.test('every example config loads', async (t) => {
  const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
  t.ok(files.includes('rpi-ili9341.json') && files.includes('gpiochip-st7789.json'), 'both examples exist');
  for (const f of files) {
    t.doesNotThrow(() => parseDaemonArgs(['--config', join(dir, f)], env), f);
  }
});

t.test('Raspberry Pi + ILI9341: rpio pins by BCM number', async (t) => {
  t.match(parseDaemonArgs(['--config', join(dir, 'rpi-ili9341.json')], env), {
    bus: 'spidev', panel: 'ili9341', 'spi.device': '/dev/spidev0.0', 'gpio.driver': 'rpio',
    'pins.dc.line': 'GPIO24', 'pins.reset.line': 'GPIO25', 'pins.reset.activeLow': true,
  });
});

t.test('a non-Pi board: gpiochip lines by offset and by name, with TE', async (t) => {
  t.match(parseDaemonArgs(['--config', join(dir, 'gpiochip-st7789.json')], env), {
    bus: 'spidev', panel: 'st7789-240x240', 'gpio.driver': 'gpiochip', 'spi.mode': 3,
    'pins.dc.line': 'gpiochip1:12', 'pins.reset.line': 'gpiochip1:LCD_RST', 'pins.te.line': 'gpiochip1:13',
  });
});

t.test('hardware keys are validated like every other key', async (t) => {
  t.throws(() => parseDaemonArgs(['--spi-hz', '5'], env), { code: 'EBAD_CONFIG', message: /spi-hz/ });
  t.throws(() => parseDaemonArgs(['--config', '/dev/null'], env), { code: 'EBAD_CONFIG' });
  t.match(parseDaemonArgs([], env), { 'te.timeoutMs': 50, 'pins.reset.activeLow': true });
  const defaults = parseDaemonArgs([], env) as Record<string, unknown>;
  t.equal(defaults['spi.hz'], undefined, 'no fixed pixel clock: the preset decides (spi-clock.test.ts)');
  t.equal(defaults['spi.commandHz'], undefined, 'no fixed command clock');
});
