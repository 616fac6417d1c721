import type { Logger } from 'pino';
import { SpifbError } from '../../protocol/errors.js';
import type { DaemonConfig } from './config-keys.js';
import { openPins, type PinsOptions } from '../gpio/open-pins.js';
import { closePins, type PinConfig } from '../gpio/pin.js';
import type { HARDWARE_KEYS } from './hardware-keys.js';
import { readSpidevBufsiz } from '../bus/spi-chunks.js';
import { openSpiLink } from '../bus/spi-link.js';
import type { SpiClocks } from '../bus/spi-clock.js';
import { SpidevBus } from '../bus/spidev-bus.js';

export type SpidevConfig = Pick<DaemonConfig, keyof typeof HARDWARE_KEYS>;

/**
 * Open `--bus spidev`: the pins first (a wrong pin is the commonest wiring
 * mistake and the cheapest to report), then the spidev node.
 * `SPIFB_SYSFS_ROOT` replaces /sys, for tests and chroots.
 */
/** The config's pin rows as gpio/'s own options. */
export function pinsOptions(config: SpidevConfig): PinsOptions {
  const pin = (role: 'dc' | 'reset' | 'backlight' | 'te'): PinConfig | undefined => {
    const line = config[`pins.${role}.line`];
    return line === undefined ? undefined : { line, activeLow: config[`pins.${role}.activeLow`] };
  };
  return {
    driver: config['gpio.driver'] as PinsOptions['driver'], devMem: config['gpio.devMem'],
    dc: pin('dc'), reset: pin('reset'), backlight: pin('backlight'), te: pin('te'),
  };
}

export function openSpidevBus(config: SpidevConfig, clocks: SpiClocks, logger?: Logger, env: NodeJS.ProcessEnv = process.env): SpidevBus {
  const device = config['spi.device'];
  if (device === undefined) {
    throw new SpifbError('EBAD_CONFIG', 'bus spidev needs spi.device (--spi /dev/spidevB.C)');
  }
  const sysfs = readSpidevBufsiz(env.SPIFB_SYSFS_ROOT || '/sys');
  const bufsiz = config['spi.bufsiz'] ?? sysfs.bufsiz;
  const bufsizNote = `the ${bufsiz} bytes spifbd planned for, from ${config['spi.bufsiz'] === undefined ? sysfs.source : 'spi.bufsiz'}`;
  const pins = openPins(pinsOptions(config));
  try {
    const link = openSpiLink(device, {
      mode: config['spi.mode'] as 0 | 1 | 2 | 3, maxHz: clocks.pixelHz, probeNineBit: pins.dc === undefined, bufsizNote,
    });
    const nineBit = pins.dc ? 'none' : link.nineBitWords ? 'words' : 'packed';
    logger?.info({ device, bufsiz, nineBit, ...clocks, pins: Object.fromEntries(Object.entries(pins).map(([k, p]) => [k, p.label])) }, 'spidev bus open');
    return new SpidevBus({
      link,
      pins,
      pixelHz: clocks.pixelHz,
      commandHz: clocks.commandHz,
      limits: { bufsiz, maxTransfer: config['spi.maxTransfer'] },
      nineBit,
      teTimeoutMs: config['te.timeoutMs'],
      logger,
    });
  } catch (err) {
    closePins(pins);
    throw err;
  }
}
