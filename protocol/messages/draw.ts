import { SpifbError } from '../errors.js';
import { isColour } from '../colour.js';
import { bytesPerPixel, isPixelFormat, type PixelFormat } from '../pixel-format.js';
import { checkRect, type Rect } from '../rect.js';
import { optionalInt, requireBytes, type Params } from '../fields.js';
import { describeValue } from '../describe.js';

export interface Screen {
  width: number;
  height: number;
}

/** Fill a rectangle (default: the whole screen) with one colour 0xRRGGBB. */
export interface FillParams {
  color: number;
  rect?: Rect;
}

export function checkFill(p: Params, screen: Screen): Required<FillParams> {
  if (!isColour(p.color)) throw new SpifbError('EBAD_COLOR', 'color must be an integer 0x000000..0xffffff');
  const rect = p.rect === undefined || p.rect === null
    ? { x: 0, y: 0, w: screen.width, h: screen.height }
    : checkRect(p.rect, screen.width, screen.height);
  return { color: p.color, rect };
}

/**
 * Copy pixels into a rectangle. `pixels` holds `rect.h` rows of `stride`
 * bytes (default `rect.w * bytesPerPixel(format)`); the last row may stop
 * after its last pixel.
 */
export interface BlitParams {
  rect: Rect;
  format: PixelFormat;
  pixels: Uint8Array;
  stride?: number;
}

export function checkBlit(p: Params, screen: Screen): Required<BlitParams> {
  const rect = checkRect(p.rect, screen.width, screen.height);
  if (!isPixelFormat(p.format)) {
    throw new SpifbError('EBAD_FORMAT', `unknown pixel format ${describeValue(p.format)}`);
  }
  const format = p.format;
  const pixels = requireBytes(p, 'pixels');
  const rowBytes = rect.w * bytesPerPixel(format);
  const stride = optionalInt(p, 'stride', rowBytes, 0x7fffffff) ?? rowBytes;
  const needed = stride * (rect.h - 1) + rowBytes;
  if (pixels.length < needed || pixels.length > stride * rect.h) {
    throw new SpifbError(
      'EBAD_LENGTH',
      `${rect.w}x${rect.h} ${format} with stride ${stride} needs ${needed} bytes` +
        (needed !== stride * rect.h ? ` (up to ${stride * rect.h})` : '') +
        `, got ${pixels.length}`,
    );
  }
  return { rect, format, pixels, stride };
}

export type DrawResult = Record<string, never>;
