/**
 * Pixel formats a client may use, named by their memory layout:
 *
 * - `rgb565`   2 bytes, a little-endian u16 R[15:11] G[10:5] B[4:0] — fbdev's
 *              16 bpp layout (red offset 11, green 5, blue 0) on a LE machine.
 * - `rgb888`   3 bytes in memory order R, G, B.
 * - `rgba8888` 4 bytes R, G, B, A (canvas ImageData, sharp `.ensureAlpha()`).
 *              Alpha is not blended: the panel has no alpha, it is dropped.
 * - `xrgb8888` 4 bytes B, G, R, X: a little-endian u32 0xXXRRGGBB, the kernel's
 *              DRM_FORMAT_XRGB8888 (include/uapi/drm/drm_fourcc.h) and fbdev's
 *              32 bpp default.
 *
 * 8 → 5/6 bits truncates (as fbdev and the kernel's drm_fb_xrgb8888_to_rgb565
 * do); 5/6 → 8 bits replicates the top bits into the bottom ones, so 0 and the
 * maximum map to 0 and 255.
 */
export const PIXEL_FORMATS = {
  rgb565: { bytesPerPixel: 2 },
  rgb888: { bytesPerPixel: 3 },
  rgba8888: { bytesPerPixel: 4 },
  xrgb8888: { bytesPerPixel: 4 },
} as const;

export type PixelFormat = keyof typeof PIXEL_FORMATS;

export function isPixelFormat(value: unknown): value is PixelFormat {
  return typeof value === 'string' && Object.hasOwn(PIXEL_FORMATS, value);
}

export function bytesPerPixel(format: PixelFormat): number {
  return PIXEL_FORMATS[format].bytesPerPixel;
}

/** Pack 8-bit channels into an RGB565 value by truncation. */
export function packRgb565(r: number, g: number, b: number): number {
  return ((r & 0xf8) << 8) | ((g & 0xfc) << 3) | (b >> 3);
}

/** Expand 5 bits to 8 by replication: 0 → 0, 31 → 255. */
export function expand5(v: number): number {
  return (v << 3) | (v >> 2);
}

/** Expand 6 bits to 8 by replication: 0 → 0, 63 → 255. */
export function expand6(v: number): number {
  return (v << 2) | (v >> 4);
}

/** Unpack an RGB565 value to 8-bit channels. */
export function unpackRgb565(v: number): [number, number, number] {
  return [expand5(v >> 11), expand6((v >> 5) & 0x3f), expand5(v & 0x1f)];
}

/**
 * Convert `count` pixels from `src` (at byte offset `srcOff`) to `dst`.
 * Fast paths for the conversions into the framebuffer's rgb565; the rest go
 * through 8-bit channels.
 */
export function convertPixels(
  src: Uint8Array, srcOff: number, srcFormat: PixelFormat,
  dst: Uint8Array, dstOff: number, dstFormat: PixelFormat,
  count: number,
): void {
  if (srcFormat === dstFormat) {
    const n = count * bytesPerPixel(srcFormat);
    dst.set(src.subarray(srcOff, srcOff + n), dstOff);
    return;
  }
  if (dstFormat === 'rgb565') {
    toRgb565(src, srcOff, srcFormat, dst, dstOff, count);
    return;
  }
  const sb = bytesPerPixel(srcFormat);
  const db = bytesPerPixel(dstFormat);
  for (let i = 0; i < count; i++) {
    const s = srcOff + i * sb;
    let r: number, g: number, b: number;
    switch (srcFormat) {
      case 'rgb565': [r, g, b] = unpackRgb565(src[s] | (src[s + 1] << 8)); break;
      case 'xrgb8888': r = src[s + 2]; g = src[s + 1]; b = src[s]; break;
      default: r = src[s]; g = src[s + 1]; b = src[s + 2];
    }
    const d = dstOff + i * db;
    switch (dstFormat) {
      case 'xrgb8888': dst[d] = b; dst[d + 1] = g; dst[d + 2] = r; dst[d + 3] = 0xff; break;
      case 'rgba8888': dst[d] = r; dst[d + 1] = g; dst[d + 2] = b; dst[d + 3] = 0xff; break;
      default: dst[d] = r; dst[d + 1] = g; dst[d + 2] = b;
    }
  }
}

/** Typed-array fast paths assume a little-endian host (every board spifb targets). */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function toRgb565(
  src: Uint8Array, srcOff: number, srcFormat: PixelFormat,
  dst: Uint8Array, dstOff: number, count: number,
): void {
  const sb = bytesPerPixel(srcFormat);
  // Byte offsets of R, G, B inside one source pixel.
  const [ro, go, bo] = srcFormat === 'xrgb8888' ? [2, 1, 0] : [0, 1, 2];
  const s0 = src.byteOffset + srcOff;
  const d0 = dst.byteOffset + dstOff;
  if (LITTLE_ENDIAN && sb === 4 && s0 % 4 === 0 && d0 % 4 === 0) {
    // 32-bit loads, and two rgb565 pixels per 32-bit store: about twice the
    // speed of 16-bit stores, and four times the byte loop, in V8. Int32Array
    // rather than Uint32: values past 2^31 would become heap doubles.
    const s32 = new Int32Array(src.buffer, s0, count);
    const d32 = new Int32Array(dst.buffer, d0, count >> 1);
    const rs = ro * 8;
    const bs = bo * 8 + 3;
    const pairs = count >> 1;
    for (let i = 0, j = 0; j < pairs; i += 2, j++) {
      const v = s32[i];
      const w = s32[i + 1];
      d32[j] =
        ((((v >>> rs) & 0xf8) << 8) | ((v >>> 5) & 0x07e0) | ((v >>> bs) & 0x1f)) |
        (((((w >>> rs) & 0xf8) << 8) | ((w >>> 5) & 0x07e0) | ((w >>> bs) & 0x1f)) << 16);
    }
    if (count & 1) {
      const v = s32[count - 1];
      const px = (((v >>> rs) & 0xf8) << 8) | ((v >>> 5) & 0x07e0) | ((v >>> bs) & 0x1f);
      dst[dstOff + 2 * count - 2] = px & 0xff;
      dst[dstOff + 2 * count - 1] = px >> 8;
    }
    return;
  }
  let s = srcOff;
  let d = dstOff;
  for (let i = 0; i < count; i++, s += sb, d += 2) {
    const v = ((src[s + ro] & 0xf8) << 8) | ((src[s + go] & 0xfc) << 3) | (src[s + bo] >> 3);
    dst[d] = v & 0xff;
    dst[d + 1] = v >> 8;
  }
}
