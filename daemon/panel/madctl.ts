/**
 * MADCTL (0x36) bits, MIPI DCS 1.02 §6.2 "set_address_mode" and ILI9341
 * datasheet §8.2.29 "Memory Access Control".
 */
export const MADCTL_MY = 0x80; // row address order: mirror rows
export const MADCTL_MX = 0x40; // column address order: mirror columns
export const MADCTL_MV = 0x20; // row/column exchange
export const MADCTL_ML = 0x10; // vertical refresh order
export const MADCTL_BGR = 0x08; // colour filter order B,G,R
export const MADCTL_MH = 0x04; // horizontal refresh order

export type Rotation = 0 | 90 | 180 | 270;
export const ROTATIONS: readonly Rotation[] = [0, 90, 180, 270];

export function isRotation(value: unknown): value is Rotation {
  return value === 0 || value === 90 || value === 180 || value === 270;
}

/**
 * How a module maker bonded the glass to the controller's GRAM, seen with the
 * module in its natural upright orientation (rotation 0): the glass turned a
 * quarter (glass columns run along GRAM rows), then mirrored along the native
 * GRAM axes. This is a fact about the module, read off the MADCTL a working
 * driver uses at its upright orientation.
 */
export interface GlassWiring {
  exchange?: boolean;
  mirrorX?: boolean;
  mirrorY?: boolean;
}

/** Screen → glass for rotation R, R° clockwise, as [a, b, c, d]: gx = a·x + b·y, gy = c·x + d·y (up to an offset). */
const TURN: Record<Rotation, [number, number, number, number]> = {
  0: [1, 0, 0, 1],
  90: [0, -1, 1, 0], // gx = W-1-y, gy = x
  180: [-1, 0, 0, -1],
  270: [0, 1, -1, 0], // gx = y, gy = H-1-x
};

/**
 * MADCTL orientation bits (MV/MX/MY, DCS layout, no BGR) for `rotation`,
 * derived from the definition rather than copied from a driver: compose
 * screen → glass (turn R° clockwise) with glass → native GRAM (the wiring),
 * then read the bits off the result. The controller maps a logical
 * (column, page) to native GRAM by exchanging them for MV, then mirroring the
 * native axes for MX/MY (ST7735R datasheet §9.11), so: native x following
 * the page (screen y) needs MV; a decreasing native x needs MX; a decreasing
 * native y needs MY.
 */
export function madctlFor(rotation: Rotation, wiring: GlassWiring): number {
  let [a, b, c, d] = TURN[rotation];
  if (wiring.exchange) [a, b, c, d] = [c, d, a, b];
  if (wiring.mirrorX) { a = -a; b = -b; }
  if (wiring.mirrorY) { c = -c; d = -d; }
  return (b !== 0 ? MADCTL_MV : 0) | (a + b < 0 ? MADCTL_MX : 0) | (c + d < 0 ? MADCTL_MY : 0);
}

/** madctlFor at every rotation. */
export function madctlTable(wiring: GlassWiring): Record<Rotation, number> {
  return { 0: madctlFor(0, wiring), 90: madctlFor(90, wiring), 180: madctlFor(180, wiring), 270: madctlFor(270, wiring) };
}
