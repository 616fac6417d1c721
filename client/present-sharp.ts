import type { Sharp } from 'sharp';
import { SpifbError } from '../protocol/errors.js';
import type { Display } from './display.js';
import type { Placement } from './present-image.js';
import { ImagePresenter, presentImageData } from './present-image.js';

/** How {@link presentSharp} fits the pipeline's output to the screen. */
export interface SharpPresentOptions extends Placement {
  /**
   * Resize to the screen first (`contain` letterboxes on black, `cover`
   * crops, `fill` stretches). Default: no resize; the output must fit at `x,y`.
   */
  fit?: 'contain' | 'cover' | 'fill';
  /** Reuse one presenter across calls so only changed pixels are sent. */
  presenter?: ImagePresenter;
}

/**
 * Run a sharp pipeline and show its output in one call: decoded to RGBA in
 * this process (the daemon never reads files), blitted and presented with
 * its rectangle as damage. Resolves with the frame's seq (undefined when a
 * presenter saw no change).
 */
export async function presentSharp(display: Display, pipeline: Sharp, options: SharpPresentOptions = {}): Promise<number | undefined> {
  let p = pipeline;
  if (options.fit) p = p.resize(display.width, display.height, { fit: options.fit, background: { r: 0, g: 0, b: 0 } });
  let out: { data: Buffer; info: { width: number; height: number } };
  try {
    out = await p.ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  } catch (err) {
    throw new SpifbError('EBAD_IMAGE', `sharp could not produce the image: ${(err as Error).message}`);
  }
  const image = { width: out.info.width, height: out.info.height, data: out.data };
  if (options.presenter) return options.presenter.present(image);
  return presentImageData(display, image, options);
}
