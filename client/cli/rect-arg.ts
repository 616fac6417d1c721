import type { Rect } from '../../protocol/rect.js';
import { UsageError } from './command.js';

/** Parse `x,y,w,h` as typed on the command line. */
export function parseRectArg(text: string): Rect {
  const parts = text.split(',').map((p) => Number(p.trim()));
  if (parts.length !== 4 || parts.some((n) => !Number.isInteger(n))) {
    throw new UsageError(`--rect wants x,y,w,h as integers, got ${JSON.stringify(text)}`);
  }
  const [x, y, w, h] = parts;
  return { x, y, w, h };
}
