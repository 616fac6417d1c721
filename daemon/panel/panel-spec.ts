import type { CommandSet } from './command-set.js';
import type { GlassWiring, Rotation } from './madctl.js';

/** One step of an init sequence: a command with its parameters, then a pause. */
export interface InitStep {
  cmd: number;
  params?: number[];
  delayMs?: number;
}

/** Bytes on the wire per pixel: RGB565 (COLMOD 0x55) or RGB666 in 3 bytes (0x66). */
export type WireFormat = 'rgb565' | 'rgb666';

/**
 * What the driver knows of a panel: data, not code, so a new module is a new
 * object. Coordinates are the controller's native GRAM ones (MADCTL = 0).
 */
export interface PanelSpec {
  name: string;
  controller: string;
  /** Command bytes and encodings of the controller family; default MIPI DCS. */
  commands?: CommandSet;
  /** Native GRAM size, columns x rows. */
  gram: { width: number; height: number };
  /** The visible area: size in native orientation and its top-left in GRAM. */
  visible: { width: number; height: number; xOffset: number; yOffset: number };
  /** How the glass is bonded to the GRAM; the MADCTL table is derived from it. */
  wiring: GlassWiring;
  /** MADCTL orientation bits (MV/MX/MY, DCS layout) per rotation; BGR comes from `bgr`. */
  madctl: Record<Rotation, number>;
  /** Set the colour-order switch (MADCTL BGR, SSD1351 A[2]): the glass filter is B,G,R. */
  bgr: boolean;
  /** Send INVON (IPS glass) rather than INVOFF. */
  invert: boolean;
  wireFormat: WireFormat;
  /** Width of the controller's bus behind the SPI link: 16 = every command/parameter byte goes as a 16-bit word. */
  busWidth?: 8 | 16;
  /** Sent after the hardware reset and before MADCTL/COLMOD/INVON/SLPOUT/DISPON. */
  init: InitStep[];
  /** Highest SPI clocks: for commands and for pixel data. */
  maxHz: { command: number; pixels: number };
}
