import { SpifbError } from '../../protocol/errors.js';

/**
 * Where a GPIO character-device line is: a chip (`gpiochip0`, or a path to
 * one) and either an offset on it or the line's name from the device tree
 * (`gpio-line-names`). A bare name is looked up on every chip.
 *
 *   "gpiochip0:24"   chip gpiochip0, offset 24
 *   "/dev/gpiochip2:LCD_DC"   chip by path, line by name
 *   "LCD_DC"          the first line named LCD_DC on any chip
 */
export interface LineSpec {
  chip?: string;
  offset?: number;
  name?: string;
}

export function parseLineSpec(text: string, key: string): LineSpec {
  const m = /^(?:((?:\/dev\/)?gpiochip\d+):)?(.+)$/.exec(text.trim());
  if (!m || text.trim() === '') {
    throw new SpifbError('EBAD_CONFIG', `${key}: "${text}" is not a GPIO line (gpiochipN:OFFSET, gpiochipN:NAME or NAME)`);
  }
  const [, chipPart, rest] = m;
  const chip = chipPart === undefined ? undefined : chipPart.startsWith('/') ? chipPart : `/dev/${chipPart}`;
  if (/^\d+$/.test(rest)) {
    if (chip === undefined) {
      throw new SpifbError('EBAD_CONFIG', `${key}: "${text}" gives an offset without a chip; write gpiochipN:${rest}`);
    }
    const offset = Number(rest);
    // GPIO_V2_LINES_MAX and the kernel's u32 offsets: anything past 2^16 is a typo, not a board.
    if (offset > 0xffff) throw new SpifbError('EBAD_CONFIG', `${key}: offset ${rest} is out of range`);
    return { chip, offset };
  }
  return chip === undefined ? { name: rest } : { chip, name: rest };
}

/** A Raspberry Pi pin for rpio: a BCM GPIO number, written `24` or `GPIO24`. */
export function parseBcmPin(text: string, key: string): number {
  const m = /^(?:GPIO|BCM)?(\d{1,2})$/i.exec(text.trim());
  const n = m ? Number(m[1]) : NaN;
  // BCM2835 ARM Peripherals §6.1: GPIO 0..53.
  if (!(n >= 0 && n <= 53)) {
    throw new SpifbError('EBAD_CONFIG', `${key}: "${text}" is not a Raspberry Pi GPIO (a BCM number 0..53, e.g. 24 or GPIO24)`);
  }
  return n;
}
