import t from 'tap';
import { RpioPins } from '../../../daemon/gpio/rpio-pins.js';

// rpio's own mock mode: a fake register file shaped like a Raspberry Pi 3.
const pins = new RpioPins({ mock: 'raspi-3' });

t.test('outputs: logical values, activeLow inverts the level', async (t) => {
  const dc = pins.output({ line: 'GPIO24', activeLow: false }, 'dc', 'pins.dc.line', true);
  t.equal(pins.rpio.read(24), 1, 'initial high');
  dc.set(false);
  t.equal(pins.rpio.read(24), 0);
  const reset = pins.output({ line: '25', activeLow: true }, 'reset', 'pins.reset.line', false);
  t.equal(pins.rpio.read(25), 1, 'deasserted RESX is high');
  reset.set(true);
  t.equal(pins.rpio.read(25), 0, 'asserted RESX is low');
  dc.close();
  reset.close();
  t.throws(() => dc.set(true), { code: 'EBUS', message: /closed/ });
});

t.test('backlight without /dev/mem is on/off', async (t) => {
  const bl = pins.backlight({ line: 'GPIO18', activeLow: false }, 'pins.backlight.line');
  t.equal(bl.pwm, false);
  bl.level(30);
  t.equal(pins.rpio.read(18), 1);
  bl.level(0);
  t.equal(pins.rpio.read(18), 0);
  bl.close();
});

t.test('backlight with /dev/mem on a PWM pin is a duty cycle', async (t) => {
  const mem = new RpioPins({ mock: 'raspi-3', devMem: true });
  const data: number[] = [];
  const orig = mem.rpio.pwmSetData.bind(mem.rpio);
  mem.rpio.pwmSetData = (pin, d) => {
    data.push(d);
    orig(pin, d);
  };
  const bl = mem.backlight({ line: 'GPIO18', activeLow: false }, 'pins.backlight.line');
  t.equal(bl.pwm, true);
  bl.level(25);
  bl.level(100);
  t.same(data, [256, 1024], 'duty = level% of the 1024 range');
  bl.close();
  const plain = mem.backlight({ line: 'GPIO23', activeLow: false }, 'pins.backlight.line');
  t.equal(plain.pwm, false, 'GPIO23 has no PWM channel');
  plain.close();
});

t.test('a pin that is not a BCM number', async (t) => {
  t.throws(() => pins.output({ line: 'gpiochip0:4', activeLow: false }, 'dc', 'pins.dc.line'), { code: 'EBAD_CONFIG', message: /BCM/ });
});

