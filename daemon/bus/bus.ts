/**
 * The wire to the panel: a MIPI DBI type C link (SPI, 4-wire with a DC pin,
 * or 3-wire 9-bit) plus the panel's reset, backlight and TE pins. It moves
 * bytes; it knows no command byte. What the bytes mean is the panel's
 * business (daemon/panel/): the panel turns a frame into a FrameProgram and
 * hands the whole program over at once, so a bus can execute it in one go
 * (spidev ioctls today, a DMA chain on the BCM2835 bus).
 *
 * Implementations: SimBus (the simulated panel) and SpidevBus (spidev +
 * GPIO); RetryBus and TraceBus decorate any of them.
 *
 * Contract (every implementation, the simulated one included, enforces it):
 * - Calls are sequential: a call made while another is still pending rejects
 *   with EBUS ("overlapping transfer") — the caller must await each one.
 * - `run` executes the segments in order: a `command` segment's bytes with DC
 *   low, a `data` segment's with DC high, each at its clock; chip select is
 *   released only between segments (or between bufsiz-sized messages of one
 *   segment, on whole pixels), never inside a word. `wait-te` holds the next
 *   segment until the TE input's rising edge (or its timeout); without a TE
 *   pin it is a no-op.
 * - `run` resolves once every byte is on the wire (not merely queued), so the
 *   buffers the program points into may be reused as soon as it resolves.
 * - After `close()` every call rejects with EBUS ("bus closed").
 */
export interface Bus {
  /** `sim` or `spidev`, for info and logs. */
  readonly kind: string;
  /** A TE input is wired: the panel turns TE on at init and marks where frames wait for it. */
  readonly hasTe: boolean;
  run(program: FrameProgram): Promise<void>;
  /**
   * Pulse the panel's reset line (RESX low ≥ 10 µs, ILI9341 §15.4), then
   * wait 120 ms. Resolves false when there is no reset pin: the panel then
   * sends its controller's software reset.
   */
  reset(): Promise<boolean>;
  /** Backlight 0..100 %; on/off only where the pin has no PWM. */
  backlight(level: number): Promise<void>;
  close(): Promise<void>;
}

/** Which clock a segment goes at: the slower command clock or the full pixel clock. */
export type SegmentClock = 'command' | 'pixels';

export type Segment =
  /** Bytes with DC low, at the command clock, as one transfer. */
  | { op: 'command'; bytes: Uint8Array }
  /** Bytes with DC high. */
  | { op: 'data'; bytes: Uint8Array; clock: SegmentClock }
  /** The next segment starts on the TE input's rising edge. */
  | { op: 'wait-te' };

/** An ordered list of segments the bus executes as one unit. */
export interface FrameProgram {
  segments: Segment[];
  /**
   * Sent before the segments when the program is tried again after a failed
   * transfer: the controller state the program relies on (a window register
   * it skipped because it already held the value) is unknown after a failure.
   */
  retryPrologue?: Segment[];
}

/** Transfers and bytes a program puts on the wire (one transfer per segment with bytes). */
export function programCost(program: FrameProgram): { bytes: number; transfers: number } {
  let bytes = 0;
  let transfers = 0;
  for (const s of program.segments) {
    if (s.op === 'wait-te') continue;
    bytes += s.bytes.length;
    transfers++;
  }
  return { bytes, transfers };
}
