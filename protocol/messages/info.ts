import type { PixelFormat } from '../pixel-format.js';

export type InfoParams = Record<string, never>;

/** The framebuffer's description, like fbdev's fb_var/fix_screeninfo. */
export interface InfoResult {
  /** Visible width and height in pixels, after rotation. */
  width: number;
  height: number;
  /** Bytes from one row to the next in the framebuffer. */
  stride: number;
  /** Layout of the framebuffer (see pixel formats). */
  format: PixelFormat;
  /** Panel preset, controller and what goes over the wire. */
  panel: string;
  controller: string;
  wireFormat: string;
  rotation: number;
  /** `sim` or `spidev`. */
  bus: string;
  /** Frame rate cap; 0 = as fast as the bus allows. */
  fps: number;
  /** Sequence number of the last frame that finished on the wire. */
  frameSeq: number;
}
