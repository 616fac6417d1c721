import type { Readable } from 'node:stream';

/**
 * Cut a byte stream (stdin) into frames of exactly `frameBytes`. Each frame
 * is a fresh buffer, so a consumer may keep it while the next one fills.
 * Ends at end of stream or when `signal` aborts; `trailing()` tells how many
 * bytes of an incomplete last frame were thrown away.
 */
export async function* readFrames(stream: Readable, frameBytes: number, signal: AbortSignal): AsyncGenerator<Uint8Array> {
  let frame = new Uint8Array(frameBytes);
  let filled = 0;
  // Abort ends the iteration below; without it a quiet pipe would block forever.
  const onAbort = (): void => {
    stream.destroy();
  };
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      let at = 0;
      while (at < chunk.length) {
        const n = Math.min(frameBytes - filled, chunk.length - at);
        frame.set(chunk.subarray(at, at + n), filled);
        filled += n;
        at += n;
        if (filled === frameBytes) {
          yield frame;
          if (signal.aborted) return;
          frame = new Uint8Array(frameBytes);
          filled = 0;
        }
      }
    }
  } catch (err) {
    if (!signal.aborted) throw err; // destroyed by our own abort: a normal end
  } finally {
    signal.removeEventListener('abort', onAbort);
    trailingBytes.set(stream, filled);
  }
}

const trailingBytes = new WeakMap<Readable, number>();

/** Bytes of an incomplete last frame that `readFrames` dropped from `stream`. */
export function trailing(stream: Readable): number {
  return trailingBytes.get(stream) ?? 0;
}
