/**
 * The one wire-time model: the planner minimises it, the stats report frames
 * in it, and the simulated bus's clock (`--bus-hz`) runs on it. a window costs its command and
 * parameter bytes plus a fixed overhead per transfer (each DC change is a new
 * spidev transfer: an ioctl, a chip-select cycle, DMA setup), and its pixels
 * cost bytes × 8 / clock. Everything is expressed in byte-times at the pixel
 * clock, so costs add up directly.
 */
export interface WireCostModel {
  /** Pixel clock in Hz. */
  hz: number;
  /** Fixed cost of one transfer, µs: about 10 µs per spidev ioctl on a Pi 3/4. */
  transferOverheadUs: number;
  /** Wire bytes per pixel: 2 (RGB565) or 3 (RGB666). */
  bytesPerPixel: number;
}

/** CASET and RASET: 1 command byte + 4 parameter bytes, in 2 transfers each (DC low, then high). */
export const ADDRESS_COMMAND = { bytes: 5, transfers: 2 } as const;
/** RAMWR: 1 command byte in 1 transfer, then the pixels in at least 1 more. */
export const WRITE_COMMAND = { bytes: 1, transfers: 2 } as const;

export const DEFAULT_COST: WireCostModel = { hz: 62_500_000, transferOverheadUs: 10, bytesPerPixel: 2 };

/** Byte-times that one transfer's overhead is worth at this clock. */
export function transferOverheadBytes(m: WireCostModel): number {
  return (m.transferOverheadUs * m.hz) / 8 / 1e6;
}

/** Byte-times of opening a new window (CASET + RASET + RAMWR), pixels excluded. */
export function windowOverheadBytes(m: WireCostModel): number {
  const transfers = 2 * ADDRESS_COMMAND.transfers + WRITE_COMMAND.transfers;
  return 2 * ADDRESS_COMMAND.bytes + WRITE_COMMAND.bytes + transfers * transferOverheadBytes(m);
}

/** Pixels whose wire time equals a new window's overhead: the merge threshold. */
export function breakEvenPixels(m: WireCostModel): number {
  return Math.max(1, Math.floor(windowOverheadBytes(m) / m.bytesPerPixel));
}

/** Seconds on the wire for `bytes` bytes sent in `transfers` transfers. */
export function wireSeconds(m: WireCostModel, bytes: number, transfers: number): number {
  return (bytes * 8) / m.hz + (transfers * m.transferOverheadUs) / 1e6;
}
