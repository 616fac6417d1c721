import { SpifbError } from './errors.js';

/** A rectangle in framebuffer pixels: x, y of the top-left corner, width, height. */
export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/**
 * Check that `value` is a non-empty rectangle of integers inside a
 * `width` x `height` screen; throws EBAD_RECT naming what is wrong.
 */
export function checkRect(value: unknown, width: number, height: number, what = 'rect'): Rect {
  const r = value as Partial<Rect> | null;
  if (r === null || typeof r !== 'object' || Array.isArray(r)) {
    throw new SpifbError('EBAD_RECT', `${what} must be a map {x, y, w, h}`);
  }
  for (const k of ['x', 'y', 'w', 'h'] as const) {
    if (!Number.isSafeInteger(r[k])) throw new SpifbError('EBAD_RECT', `${what}.${k} must be an integer`);
  }
  const { x, y, w, h } = r as Rect;
  if (w <= 0 || h <= 0) throw new SpifbError('EBAD_RECT', `${what} is empty (${w}x${h})`);
  if (x < 0 || y < 0 || x + w > width || y + h > height) {
    throw new SpifbError(
      'EBAD_RECT',
      `${what} ${w}x${h}+${x}+${y} is outside the ${width}x${height} screen`,
    );
  }
  return { x, y, w, h };
}

export function rectArea(r: Rect): number {
  return r.w * r.h;
}

/** Smallest rectangle holding both. */
export function rectUnion(a: Rect, b: Rect): Rect {
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  return { x, y, w: Math.max(a.x + a.w, b.x + b.w) - x, h: Math.max(a.y + a.h, b.y + b.h) - y };
}
