import type { KeySpec } from './config-keys.js';
import { bool, int, oneOf, text } from './config-values.js';

function key<T>(spec: KeySpec<T> & { default: T }): KeySpec<T> & { default: T };
function key<T>(spec: KeySpec<T>): KeySpec<T>;
function key<T>(spec: KeySpec<T>): KeySpec<T> {
  return spec;
}

function pinKeys<R extends string>(role: R, help: string, activeLowDefault: boolean) {
  return {
    [`pins.${role}.line`]: key({ flag: role, help, parse: text }),
    [`pins.${role}.activeLow`]: key({ help: `${role} pin is active low`, parse: bool, default: activeLowDefault }),
  } as Record<`pins.${R}.line`, KeySpec<string>> & Record<`pins.${R}.activeLow`, KeySpec<boolean> & { default: boolean }>;
}

/**
 * The real-hardware rows of the config table (CONFIG_KEYS spreads them in):
 * spidev, the GPIO driver and pins, backlight and tearing effect.
 */
export const HARDWARE_KEYS = {
  'spi.device': key({ flag: 'spi', help: 'spidev node for --bus spidev, e.g. /dev/spidev0.0', parse: text }),
  // No fixed default: the panel preset's limit (resolveSpiClocks in spi-clock.ts).
  'spi.hz': key({ flag: 'spi-hz', help: "SPI clock for pixel data, Hz; default: the panel preset's limit", parse: int(100_000, 200_000_000) }),
  'spi.commandHz': key({ help: "SPI clock for commands and their parameters, Hz; default: 10 MHz or the preset's limit if lower", parse: int(100_000, 200_000_000) }),
  'spi.mode': key({ help: 'SPI mode (CPOL/CPHA), include/uapi/linux/spi/spi.h', parse: oneOf([0, 1, 2, 3] as const), default: 0 }),
  'spi.bufsiz': key({ help: "spidev's bufsiz; default: /sys/module/spidev/parameters/bufsiz, else 4096", parse: int(256, 1 << 30) }),
  // 65535: the BCM2835 SPI DLEN register is 16 bits, so longer DMA transfers are split by the driver anyway.
  'spi.maxTransfer': key({ help: 'longest single SPI transfer, bytes', parse: int(256, 1 << 30), default: 65_535 }),
  'gpio.driver': key({ help: 'gpiochip = the GPIO character device (any board); rpio = Raspberry Pi registers', parse: oneOf(['gpiochip', 'rpio'] as const), default: 'gpiochip' }),
  'gpio.devMem': key({ help: 'rpio: use /dev/mem (root) for hardware PWM on the backlight', parse: bool, default: false }),
  ...pinKeys('dc', 'data/command pin; none = 3-wire 9-bit SPI', false),
  ...pinKeys('reset', 'RESX pin; none = software reset', true),
  ...pinKeys('backlight', 'backlight pin', false),
  ...pinKeys('te', 'tearing-effect input: frames start on its rising edge', false),
  'backlight.level': key({ help: 'backlight at start, 0..100 %', parse: int(0, 100), default: 100 }),
  'backlight.idleSeconds': key({ help: 'dim the backlight after this long without a changed frame; 0 = never', parse: int(0, 86_400), default: 0 }),
  'backlight.idleLevel': key({ help: 'backlight when idle, 0..100 %', parse: int(0, 100), default: 10 }),
  // 50 ms: three frames at the ILI9341's default 70 Hz (§8.3.2 FRMCTR1), so one missed pulse never stalls.
  'te.timeoutMs': key({ help: 'longest wait for a TE edge before a frame starts anyway', parse: int(1, 1000), default: 50 }),
};
