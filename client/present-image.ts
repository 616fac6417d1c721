import type { Rect } from '../protocol/rect.js';
import type { PixelFormat } from '../protocol/pixel-format.js';
import { bytesPerPixel } from '../protocol/pixel-format.js';
import { SpifbError } from '../protocol/errors.js';
import { changedBox } from './changed-box.js';
import type { Display } from './display.js';

/**
 * RGBA pixels as canvas libraries hand them out: `ImageData` from
 * `@napi-rs/canvas`, `node-canvas` or a browser-style `getImageData()`, or
 * any `{ width, height, data }` with 4 bytes a pixel, rows packed.
 */
export interface ImageDataLike {
  width: number;
  height: number;
  data: Uint8Array | Uint8ClampedArray;
}

/** Where an image goes on the screen; default the top-left corner. */
export interface Placement {
  x?: number;
  y?: number;
}

function bytesOf(image: ImageDataLike): Uint8Array {
  const need = image.width * image.height * 4;
  if (image.data.length !== need) {
    throw new SpifbError('EBAD_LENGTH', `a ${image.width}x${image.height} RGBA image needs ${need} bytes, got ${image.data.length}`);
  }
  return new Uint8Array(image.data.buffer, image.data.byteOffset, image.data.byteLength);
}

/**
 * Blit the part `box` (image coordinates) of `pixels` to the screen at
 * `at` + box and present with that damage; resolves with the frame's seq.
 */
async function blitBox(display: Display, pixels: Uint8Array, width: number, format: PixelFormat, at: Required<Placement>, box: Rect): Promise<number> {
  const bpp = bytesPerPixel(format);
  const stride = width * bpp;
  const start = box.y * stride + box.x * bpp;
  const rect = { x: at.x + box.x, y: at.y + box.y, w: box.w, h: box.h };
  await display.blit(rect, format, pixels.subarray(start, start + stride * (box.h - 1) + box.w * bpp), stride);
  return display.present([rect]);
}

/**
 * Show an RGBA image in one call: blit it at `at` and present with exactly
 * its rectangle as damage. Resolves with the frame's sequence number (pass
 * it to `display.waitFrame`). Alpha is ignored, not blended.
 */
export function presentImageData(display: Display, image: ImageDataLike, at: Placement = {}): Promise<number> {
  const pos = { x: at.x ?? 0, y: at.y ?? 0 };
  return blitBox(display, bytesOf(image), image.width, 'rgba8888', pos, { x: 0, y: 0, w: image.width, h: image.height });
}

/**
 * For an app that redraws a canvas every frame: remembers what it sent last
 * and sends only the bounding box of the pixels that changed (the daemon
 * diffs again before the wire, but this also saves the socket copy).
 * Identical frames are not presented at all.
 */
export class ImagePresenter {
  private last?: Uint8Array;
  private lastSize = '';

  constructor(private readonly display: Display, private readonly at: Placement = {}) {}

  /** Present `image` (RGBA); resolves with the frame's seq, or undefined when nothing changed. */
  async present(image: ImageDataLike): Promise<number | undefined> {
    return this.presentPixels(bytesOf(image), image.width, image.height, 'rgba8888');
  }

  /** The same for tight rows of any pixel format (`rgb888` from sharp, `rgb565`, …). */
  async presentPixels(pixels: Uint8Array, width: number, height: number, format: PixelFormat): Promise<number | undefined> {
    const size = `${width}x${height}/${format}`;
    const box = this.last && this.lastSize === size
      ? changedBox(this.last, pixels, width, height, bytesPerPixel(format))
      : { x: 0, y: 0, w: width, h: height };
    if (!box) return undefined;
    const seq = await blitBox(this.display, pixels, width, format, { x: this.at.x ?? 0, y: this.at.y ?? 0 }, box);
    // A copy: callers usually reuse one canvas buffer for the next frame.
    this.last = Uint8Array.from(pixels);
    this.lastSize = size;
    return seq;
  }

  /** Forget the last frame, so the next one is sent whole (e.g. after another client drew). */
  reset(): void {
    this.last = undefined;
  }
}
