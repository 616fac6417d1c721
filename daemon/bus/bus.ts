/**
 * The wire to the panel: a MIPI DBI type C link (SPI, 4-wire with a DC pin,
 * or 3-wire 9-bit) plus the panel's reset and backlight pins.
 * Implementations: SimBus (the simulated panel) and SpidevBus (spidev +
 * GPIO); PanelPower wraps either to slip backlight/blank work in between
 * memory writes.
 *
 * Contract (every implementation, the simulated one included, enforces it):
 * - Calls are sequential: a call made while another is still pending rejects
 *   with EBUS ("overlapping transfer") — the caller must await each one.
 * - `command` sends one command byte with DC low, then its parameters with DC
 *   high; `pixels` sends bytes with DC high and continues the memory write
 *   started by the last RAMWR/RAMWRC command.
 * - Each call resolves once its bytes are on the wire (not merely queued), so
 *   the buffer passed in may be reused as soon as the promise resolves.
 * - After `close()` every call rejects with EBUS ("bus closed").
 */
export interface Bus {
  /** `sim` or `spidev`, for info and logs. */
  readonly kind: string;
  command(cmd: number, params?: Uint8Array): Promise<void>;
  pixels(bytes: Uint8Array): Promise<void>;
  /** Pulse the panel's reset line (RESX low ≥ 10 µs, ILI9341 §15.4), then wait 120 ms. */
  reset(): Promise<void>;
  /** Backlight 0..100 %; on/off only where the pin has no PWM. */
  backlight(level: number): Promise<void>;
  close(): Promise<void>;
}
