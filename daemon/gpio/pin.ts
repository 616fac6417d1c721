/**
 * The panel's control pins, whatever drives them (the GPIO character device,
 * or rpio's register access on a Raspberry Pi).
 *
 * Contract:
 * - Values are logical: `set(true)` asserts the pin. With `activeLow` the
 *   driver inverts, so RESX (active low on every DBI controller) is asserted
 *   with `set(true)` and goes physically low.
 * - `set` takes effect before it returns: the bus changes DC between SPI
 *   messages, and the next message must see the new level.
 * - After `close()` the line is released; further calls throw EBUS.
 */
export interface OutputPin {
  readonly label: string;
  set(active: boolean): void;
  close(): void;
}

/** A backlight: a PWM duty cycle where the hardware has one, else on/off. */
export interface BacklightPin {
  readonly label: string;
  /** True when `level` is a duty cycle; false when any level > 0 is simply on. */
  readonly pwm: boolean;
  level(percent: number): void;
  close(): void;
}

/** An input watched for its active edge (the controller's TE output). */
export interface EdgePin {
  readonly label: string;
  /**
   * Resolves true at the next active edge after the call, false after
   * `timeoutMs` without one. Edges that happened before the call are ignored.
   */
  waitEdge(timeoutMs: number): Promise<boolean>;
  close(): void;
}

/** How a pin is named in the config, and whether it is active low. */
export interface PinConfig {
  line: string;
  activeLow: boolean;
}

/** The role each pin plays; also the consumer label the kernel shows in gpioinfo. */
export type PinRole = 'dc' | 'reset' | 'backlight' | 'te';

export interface PanelPins {
  dc?: OutputPin;
  reset?: OutputPin;
  backlight?: BacklightPin;
  te?: EdgePin;
}

export function closePins(pins: PanelPins): void {
  for (const p of [pins.dc, pins.reset, pins.backlight, pins.te]) {
    try {
      p?.close();
    } catch {
      // Closing is best effort: the process may be exiting after a device vanished.
    }
  }
}
