import { parseColour } from '../../protocol/colour.js';
import { UsageError } from './command.js';

/** Parse `WxH` (e.g. `320x240`) as typed on the command line. */
export function parseSizeArg(flag: string, text: string): { width: number; height: number } {
  const m = /^(\d+)x(\d+)$/i.exec(text.trim());
  const width = m ? Number(m[1]) : 0;
  const height = m ? Number(m[2]) : 0;
  if (!m || width < 1 || height < 1 || width > 16384 || height > 16384) {
    throw new UsageError(`${flag} wants WxH with positive integers, got ${JSON.stringify(text)}`);
  }
  return { width, height };
}

/** Parse `x,y`. */
export function parsePointArg(flag: string, text: string): { x: number; y: number } {
  const parts = text.split(',').map((p) => Number(p.trim()));
  if (parts.length !== 2 || parts.some((n) => !Number.isInteger(n) || n < 0)) {
    throw new UsageError(`${flag} wants x,y as non-negative integers, got ${JSON.stringify(text)}`);
  }
  return { x: parts[0], y: parts[1] };
}

/** A colour flag; a bad one is a usage error (exit 2), not a runtime one. */
export function parseColourArg(flag: string, text: string): number {
  try {
    return parseColour(text);
  } catch (err) {
    throw new UsageError(`${flag}: ${(err as Error).message}`);
  }
}

/** A number flag within [min, max]; `integer` rejects fractions. */
export function parseNumberArg(flag: string, text: string, min: number, max: number, integer = false): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n))) {
    throw new UsageError(`${flag} wants ${integer ? 'an integer' : 'a number'} ${min}..${max}, got ${JSON.stringify(text)}`);
  }
  return n;
}

/** Resolves after `ms`, or at once when `signal` aborts (never rejects). */
export function pause(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
