import { SpifbError } from './errors.js';
import { describeValue } from './describe.js';

/**
 * Colours travel as integers 0xRRGGBB. People type them as `#rrggbb`, `#rgb`,
 * `rrggbb` or `0xrrggbb`; this turns those into the wire form.
 */
export function parseColour(text: string): number {
  const m = /^(?:#|0x)?([0-9a-f]{6}|[0-9a-f]{3})$/i.exec(text.trim());
  if (!m) throw new SpifbError('EBAD_COLOR', `not a colour: ${describeValue(text)} (use #rrggbb)`);
  const hex = m[1].length === 3 ? [...m[1]].map((c) => c + c).join('') : m[1];
  return Number.parseInt(hex, 16);
}

export function isColour(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= 0 && (value as number) <= 0xffffff;
}
