import { loadSharp } from './sharp-loader.js';
import { SpifbError } from '../protocol/errors.js';

export type Fit = 'contain' | 'cover' | 'fill';

/**
 * Decode an image file (PNG, JPEG, WebP, GIF, … as sharp reads them) and
 * scale it to exactly width x height: `contain` letterboxes with
 * `background`, `cover` crops, `fill` stretches. Returns tight RGB888 rows.
 * Decoding happens here, in the client: the daemon never opens a path a
 * client names. `rotate` turns the image clockwise (degrees, a multiple of
 * 90) before scaling.
 */
export async function loadImage(path: string, width: number, height: number, fit: Fit = 'contain', background = 0, rotate = 0): Promise<Buffer> {
  const sharp = await loadSharp();
  try {
    let image = sharp(path).rotate(); // honour EXIF orientation
    // A second sharp pass: one pipeline applies a single rotation, and the
    // EXIF one must come before the user's turn.
    if (rotate !== 0) image = sharp(await image.toBuffer()).rotate(rotate);
    return await image
      .resize(width, height, {
        fit,
        background: { r: (background >> 16) & 0xff, g: (background >> 8) & 0xff, b: background & 0xff },
      })
      .removeAlpha()
      .toColourspace('srgb')
      .raw()
      .toBuffer();
  } catch (err) {
    throw new SpifbError('EBAD_IMAGE', `cannot read image ${path}: ${(err as Error).message}`);
  }
}

/** Write RGB888 pixels as a PNG file. */
export async function savePng(path: string, width: number, height: number, rgb: Uint8Array): Promise<void> {
  const sharp = await loadSharp();
  await sharp(rgb, { raw: { width, height, channels: 3 } }).png().toFile(path);
}
