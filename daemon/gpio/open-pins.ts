import type { DaemonConfig } from '../config/keys.js';
import { cdevBacklight, cdevEdge, cdevOutput } from './cdev-pins.js';
import { closePins, type PanelPins, type PinConfig } from './pin.js';
import { RpioPins, type RpioOptions } from './rpio-pins.js';

type PinKeys = 'gpio.driver' | 'gpio.devMem'
  | 'pins.dc.line' | 'pins.dc.activeLow' | 'pins.reset.line' | 'pins.reset.activeLow'
  | 'pins.backlight.line' | 'pins.backlight.activeLow' | 'pins.te.line' | 'pins.te.activeLow';

function pinConfig(config: Pick<DaemonConfig, PinKeys>, role: 'dc' | 'reset' | 'backlight' | 'te'): PinConfig | undefined {
  const line = config[`pins.${role}.line`];
  return line === undefined ? undefined : { line, activeLow: config[`pins.${role}.activeLow`] };
}

/**
 * Claim the configured pins with the configured driver. DC starts high
 * (data), RESET deasserted, the backlight off until the panel shows
 * something. On any failure the pins already claimed are released.
 */
export function openPins(config: Pick<DaemonConfig, PinKeys>, rpioOptions: Omit<RpioOptions, 'devMem'> = {}): PanelPins {
  const want = {
    dc: pinConfig(config, 'dc'),
    reset: pinConfig(config, 'reset'),
    backlight: pinConfig(config, 'backlight'),
    te: pinConfig(config, 'te'),
  };
  const pins: PanelPins = {};
  try {
    if (config['gpio.driver'] === 'rpio') {
      if (!want.dc && !want.reset && !want.backlight && !want.te) return pins;
      const rpio = new RpioPins({ ...rpioOptions, devMem: config['gpio.devMem'] });
      if (want.dc) pins.dc = rpio.output(want.dc, 'dc', 'pins.dc.line', true);
      if (want.reset) pins.reset = rpio.output(want.reset, 'reset', 'pins.reset.line', false);
      if (want.backlight) pins.backlight = rpio.backlight(want.backlight, 'pins.backlight.line');
      if (want.te) pins.te = rpio.edge(want.te, 'pins.te.line');
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
