import { createRequire } from 'node:module';
import { SpifbError } from '../../protocol/errors.js';
import { parseBcmPin } from './line-spec.js';
import type { BacklightPin, OutputPin, PinConfig, PinRole } from './pin.js';

/** The part of rpio's API spifbd uses (rpio ships no type declarations). */
export interface Rpio {
  init(options: { gpiomem?: boolean; mapping?: 'gpio' | 'physical'; mock?: string }): void;
  on(event: 'warn', listener: (message: string) => void): void;
  off(event: 'warn', listener: (message: string) => void): void;
  open(pin: number, mode: number, init?: number): void;
  close(pin: number, reset?: number): void;
  write(pin: number, value: number): void;
  read(pin: number): number;
  pwmSetClockDivider(divider: number): void;
  pwmSetRange(pin: number, range: number): void;
  pwmSetData(pin: number, data: number): void;
  OUTPUT: number;
  PWM: number;
  LOW: number;
  HIGH: number;
  PIN_RESET: number;
}

/** BCM GPIOs wired to the hardware PWM block (BCM2835 ARM Peripherals §9.5, ALT0/ALT5). */
const PWM_PINS = new Set([12, 13, 18, 19]);
/** PWM range: duty = level% of it. 19.2 MHz / 16 / 1024 ≈ 1.2 kHz, above visible flicker. */
const PWM_RANGE = 1024;
const PWM_CLOCK_DIVIDER = 16;

export interface RpioOptions {
  /** rpio's mock board (`raspi-3`, …) for tests; real registers otherwise. */
  mock?: string;
  /**
   * Use /dev/mem (root) rather than /dev/gpiomem: needed for hardware PWM
   * (the PWM and clock blocks are outside gpiomem's window).
   */
  devMem?: boolean;
  rpio?: Rpio;
}

/**
 * Raspberry Pi pins through rpio's memory-mapped registers: /dev/gpiomem by
 * default (no root), /dev/mem when PWM is wanted. Pins are BCM numbers.
 */
export class RpioPins {
  readonly rpio: Rpio;
  readonly devMem: boolean;

  constructor(options: RpioOptions = {}) {
    this.devMem = options.devMem ?? false;
    // rpio falls back to its mock board, with only a 'warn' event, when it does not recognise the
    // hardware: the daemon would then drive nothing, so that is an error unless a mock was asked for.
    let notAPi = '';
    const onWarn = (message: string): void => {
      if (/auto-detect failed/i.test(message)) notAPi = message;
    };
    try {
      this.rpio = options.rpio ?? (createRequire(import.meta.url)('rpio') as Rpio);
      this.rpio.on('warn', onWarn);
      this.rpio.init({ gpiomem: !this.devMem, mapping: 'gpio', ...(options.mock ? { mock: options.mock } : {}) });
      this.rpio.off('warn', onWarn);
    } catch (err) {
      throw new SpifbError('ENO_DEVICE', `rpio cannot open ${this.devMem ? '/dev/mem' : '/dev/gpiomem'}: ${(err as Error).message}` +
        ' (not a Raspberry Pi? use gpio.driver gpiochip)', { cause: err });
    }
    if (notAPi && !options.mock) {
      throw new SpifbError('ENO_DEVICE', `gpio.driver rpio: this is not a Raspberry Pi rpio knows (${notAPi}); use gpio.driver gpiochip`);
    }
  }

  output(pin: PinConfig, role: PinRole, key: string, initial = false): OutputPin {
    const { rpio } = this;
    const n = parseBcmPin(pin.line, key);
    const level = (active: boolean): number => (active !== pin.activeLow ? rpio.HIGH : rpio.LOW);
    rpio.open(n, rpio.OUTPUT, level(initial));
    let open = true;
    const label = `${role} GPIO${n}`;
    return {
      label,
      set(active) {
        if (!open) throw new SpifbError('EBUS', `${label}: pin closed`);
        rpio.write(n, level(active));
      },
      close() {
        if (open) rpio.close(n, rpio.PIN_RESET);
        open = false;
      },
    };
  }

  backlight(pin: PinConfig, key: string): BacklightPin {
    const { rpio } = this;
    const n = parseBcmPin(pin.line, key);
    if (!this.devMem || !PWM_PINS.has(n)) {
      const out = this.output(pin, 'backlight', key);
      return { label: out.label, pwm: false, level: (p) => out.set(p > 0), close: () => out.close() };
    }
    rpio.open(n, rpio.PWM);
    rpio.pwmSetClockDivider(PWM_CLOCK_DIVIDER);
    rpio.pwmSetRange(n, PWM_RANGE);
    let open = true;
    const label = `backlight GPIO${n} (PWM)`;
    return {
      label,
      pwm: true,
      level(percent) {
        if (!open) throw new SpifbError('EBUS', `${label}: pin closed`);
        const duty = Math.round((Math.max(0, Math.min(100, percent)) / 100) * PWM_RANGE);
        rpio.pwmSetData(n, pin.activeLow ? PWM_RANGE - duty : duty);
      },
      close() {
        if (open) rpio.close(n, rpio.PIN_RESET);
        open = false;
      },
    };
  }
}
