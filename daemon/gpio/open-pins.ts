import { cdevBacklight, cdevEdge, cdevOutput } from './cdev-pins.js';
import { closePins, type PanelPins, type PinConfig } from './pin.js';
import { RpioPins, type RpioOptions } from './rpio-pins.js';

/** Which driver, and the pins wanted (absent = not wired). */
export interface PinsOptions {
  driver: 'gpiochip' | 'rpio';
  /** rpio: /dev/mem for hardware PWM on the backlight. */
  devMem: boolean;
  dc?: PinConfig;
  reset?: PinConfig;
  backlight?: PinConfig;
  te?: PinConfig;
}

/**
 * TE under `gpio.driver: rpio` still comes from the GPIO character device:
 * rpio's edge detection polls its registers every millisecond and needs
 * `dtoverlay=gpio-no-irq` (rpio README, "poll()"), because the kernel's
 * interrupt handler clears the event status first. gpiochip line events are
 * timestamped by the kernel's own interrupt instead. On the Raspberry Pi 0–4
 * the BCM GPIO n is line n of gpiochip0 (pinctrl-bcm2835, base 0); a line
 * written as gpiochipN:… or by name is used as given.
 */
export function teOnGpiochip(pin: PinConfig): PinConfig {
  const bcm = /^(?:GPIO|BCM)?(\d{1,2})$/i.exec(pin.line.trim());
  return bcm ? { ...pin, line: `gpiochip0:${Number(bcm[1])}` } : pin;
}

/**
 * Claim the configured pins with the configured driver. DC starts high
 * (data), RESET deasserted, the backlight off until the panel shows
 * something. On any failure the pins already claimed are released.
 */
export function openPins(want: PinsOptions, rpioOptions: Omit<RpioOptions, 'devMem'> = {}): PanelPins {
  const pins: PanelPins = {};
  try {
    if (want.driver === 'rpio') {
      if (want.dc || want.reset || want.backlight) {
        const rpio = new RpioPins({ ...rpioOptions, devMem: want.devMem });
        if (want.dc) pins.dc = rpio.output(want.dc, 'dc', 'pins.dc.line', true);
        if (want.reset) pins.reset = rpio.output(want.reset, 'reset', 'pins.reset.line', false);
        if (want.backlight) pins.backlight = rpio.backlight(want.backlight, 'pins.backlight.line');
      }
      if (want.te) pins.te = cdevEdge(teOnGpiochip(want.te), 'pins.te.line');
    } else {
      if (want.dc) pins.dc = cdevOutput(want.dc, 'dc', 'pins.dc.line', true);
      if (want.reset) pins.reset = cdevOutput(want.reset, 'reset', 'pins.reset.line', false);
      if (want.backlight) pins.backlight = cdevBacklight(want.backlight, 'pins.backlight.line');
      if (want.te) pins.te = cdevEdge(want.te, 'pins.te.line');
    }
    pins.backlight?.level(0);
    return pins;
  } catch (err) {
    closePins(pins);
    throw err;
  }
}
