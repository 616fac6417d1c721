import t from 'tap';
import { parseBcmPin, parseLineSpec } from '../../../daemon/gpio/line-spec.js';
import { teOnGpiochip } from '../../../daemon/gpio/open-pins.js';
import { encodeLineRequest, encodeLineValues, LINE_FLAG_ACTIVE_LOW, LINE_FLAG_OUTPUT, requestFd } from '../../../daemon/gpio/gpio-uapi.js';

t.test('gpiochip line specs', async (t) => {
  t.same(parseLineSpec('gpiochip0:24', 'k'), { chip: '/dev/gpiochip0', offset: 24 });
  t.same(parseLineSpec('/dev/gpiochip2:LCD_DC', 'k'), { chip: '/dev/gpiochip2', name: 'LCD_DC' });
  t.same(parseLineSpec('LCD_DC', 'k'), { name: 'LCD_DC' });
  t.throws(() => parseLineSpec('24', 'pins.dc.line'), { code: 'EBAD_CONFIG', message: /pins\.dc\.line.*gpiochipN:24/ });
  t.throws(() => parseLineSpec('gpiochip0:99999', 'k'), { code: 'EBAD_CONFIG' });
});

t.test('Raspberry Pi BCM pins', async (t) => {
  t.equal(parseBcmPin('24', 'k'), 24);
  t.equal(parseBcmPin('GPIO18', 'k'), 18);
  t.throws(() => parseBcmPin('GPIO54', 'pins.dc.line'), { code: 'EBAD_CONFIG', message: /0\.\.53/ });
  t.throws(() => parseBcmPin('gpiochip0:24', 'k'), { code: 'EBAD_CONFIG' });
});

// struct gpio_v2_line_request byte offsets from include/uapi/linux/gpio.h:
// offsets[64] at 0, consumer[32] at 256, config at 288 (flags u64, num_attrs
// u32 at 296, padding[5], attrs[10] × 24 from 320), num_lines at 560, fd at 588.
t.test('a one-line output request, byte by byte', async (t) => {
  const req = encodeLineRequest({ offset: 24, consumer: 'spifbd-dc', flags: LINE_FLAG_OUTPUT | LINE_FLAG_ACTIVE_LOW, initial: true });
  const v = new DataView(req.buffer);
  t.equal(req.length, 592);
  t.equal(v.getUint32(0, true), 24, 'offsets[0]');
  t.equal(new TextDecoder().decode(req.subarray(256, 265)), 'spifbd-dc', 'consumer');
  t.equal(v.getUint32(288, true), 0b1010, 'config.flags = OUTPUT | ACTIVE_LOW');
  t.equal(v.getUint32(296, true), 1, 'one attribute');
  t.equal(v.getUint32(320, true), 2, 'GPIO_V2_LINE_ATTR_ID_OUTPUT_VALUES');
  t.equal(v.getUint32(328, true), 1, 'value bit 0 set');
  t.equal(v.getUint32(336, true), 1, 'mask bit 0');
  t.equal(v.getUint32(560, true), 1, 'num_lines');
  v.setInt32(588, 42, true);
  t.equal(requestFd(req), 42, 'fd read back from 588');
  t.same([...encodeLineValues(false)], [0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0]);
});

t.test('TE under rpio is a gpiochip0 edge line: BCM n is line n (pinctrl-bcm2835)', async (t) => {
  t.same(teOnGpiochip({ line: 'GPIO23', activeLow: false }), { line: 'gpiochip0:23', activeLow: false });
  t.same(teOnGpiochip({ line: '7', activeLow: true }), { line: 'gpiochip0:7', activeLow: true });
  t.same(teOnGpiochip({ line: 'gpiochip1:5', activeLow: false }), { line: 'gpiochip1:5', activeLow: false }, 'a gpiochip line stays');
  t.same(teOnGpiochip({ line: 'LCD_TE', activeLow: false }), { line: 'LCD_TE', activeLow: false }, 'a line name stays');
});
