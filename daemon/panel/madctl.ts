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
