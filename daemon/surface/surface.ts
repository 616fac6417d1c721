import { bytesPerPixel, convertPixels, type PixelFormat } from '../../protocol/pixel-format.js';
import type { Rect } from '../../protocol/rect.js';

/**
 * The framebuffer clients draw into: rgb565 little-endian (fbdev's 16 bpp),
 * `stride` bytes a row. It wraps bytes it does not own, so it can live in a
 * slot of the shared buffer. Rects are validated by the caller (protocol).
 */
export class Surface {
  readonly format: PixelFormat = 'rgb565';

  constructor(
    readonly width: number,
    readonly height: number,
    readonly stride: number,
    readonly bytes: Uint8Array,
  ) {
    if (bytes.length < stride * height) throw new RangeError('surface bytes smaller than stride * height');
  }

  static allocate(width: number, height: number): Surface {
    return new Surface(width, height, width * 2, new Uint8Array(width * 2 * height));
  }

  /** Fill a rect with 0xRRGGBB, truncated to rgb565. */
  fill(rect: Rect, color: number): void {
    const v = ((color >> 8) & 0xf800) | ((color >> 5) & 0x07e0) | ((color >> 3) & 0x001f);
    const lo = v & 0xff;
    const hi = v >> 8;
    const rowBytes = rect.w * 2;
    const first = rect.y * this.stride + rect.x * 2;
    // Build one row, then copy it: the bulk of the work becomes memcpy.
    for (let o = first; o < first + rowBytes; o += 2) {
      this.bytes[o] = lo;
      this.bytes[o + 1] = hi;
    }
    const row = this.bytes.subarray(first, first + rowBytes);
    for (let y = 1; y < rect.h; y++) this.bytes.set(row, first + y * this.stride);
  }

  /** Copy `rect.h` rows of `srcStride` bytes in `format` into the rect. */
  blit(rect: Rect, format: PixelFormat, pixels: Uint8Array, srcStride: number): void {
    if (rect.x === 0 && rect.w === this.width && this.stride === this.width * 2 && srcStride === rect.w * bytesPerPixel(format)) {
      // Whole rows on both sides: one call converts the block (no per-row setup).
      convertPixels(pixels, 0, format, this.bytes, rect.y * this.stride, 'rgb565', rect.w * rect.h);
      return;
    }
    for (let y = 0; y < rect.h; y++) {
      convertPixels(pixels, y * srcStride, format, this.bytes, (rect.y + y) * this.stride + rect.x * 2, 'rgb565', rect.w);
    }
  }
}
