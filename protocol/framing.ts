import { Packr } from 'msgpackr';
import { SpifbError } from './errors.js';
import { clipText } from './describe.js';
import { scanFrameBody } from './msgpack-scan.js';

export { MAX_KEY_BYTES, MAX_NESTING_DEPTH, MAX_VALUES } from './msgpack-scan.js';

/**
 * Framing: each message is a u32 big-endian body length followed by one
 * msgpack map. Lengths are checked against the limit before any body byte is
 * buffered, so a hostile length cannot make the reader allocate.
 */
export const FRAME_HEADER_BYTES = 4;

/** Default limit: a 480x320 RGBA frame (614,400 bytes) with room to spare. */
export const DEFAULT_MAX_FRAME_BYTES = 4 * 1024 * 1024;

// Plain maps, no records/structures extension: any msgpack library can read it.
// 64-bit ints (0xcf/0xd3, which some encoders use even for small values) decode
// as numbers, not BigInt, so the validators' integer checks accept them; values
// past 2^53 lose precision and fail those checks (Number.isSafeInteger).
// An `undefined` field goes out as nil (not msgpackr's private ext type), which
// every reader, and our validators, take as "not given".
const packr = new Packr({
  useRecords: false, mapsAsObjects: true, moreTypes: false, int64AsType: 'number', encodeUndefinedAsNil: true,
});

export function encodeFrame(message: object): Buffer {
  const body = packr.pack(message);
  const frame = Buffer.allocUnsafe(FRAME_HEADER_BYTES + body.length);
  frame.writeUInt32BE(body.length, 0);
  body.copy(frame, FRAME_HEADER_BYTES);
  return frame;
}

/**
 * Incremental decoder: push chunks as they arrive, get whole messages back.
 * Throws SpifbError EFRAME_TOO_LARGE or EBAD_FRAME; after a throw the decoder
 * is unusable (the stream has lost sync) and the connection must close.
 */
export class FrameDecoder {
  private chunks: Buffer[] = [];
  private buffered = 0;
  private failed = false;

  constructor(readonly maxFrameBytes = DEFAULT_MAX_FRAME_BYTES) {}

  /**
   * With `onMessage`, each whole message is handed over as soon as it is
   * decoded, so the messages before a bad frame in the same chunk are still
   * served before the error is thrown (and nothing is returned).
   */
  push(chunk: Uint8Array, onMessage?: (message: Record<string, unknown>) => void): Record<string, unknown>[] {
    if (this.failed) throw new SpifbError('EBAD_FRAME', 'decoder used after a framing error');
    this.chunks.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    this.buffered += chunk.byteLength;
    const out: Record<string, unknown>[] = [];
    try {
      for (;;) {
        if (this.buffered < FRAME_HEADER_BYTES) break;
        const length = this.peekLength();
        if (length > this.maxFrameBytes) {
          throw new SpifbError(
            'EFRAME_TOO_LARGE',
            `frame of ${length} bytes exceeds the limit of ${this.maxFrameBytes}`,
          );
        }
        if (this.buffered < FRAME_HEADER_BYTES + length) break;
        const frame = this.take(FRAME_HEADER_BYTES + length);
        const message = decodeBody(frame.subarray(FRAME_HEADER_BYTES));
        if (onMessage) onMessage(message);
        else out.push(message);
      }
    } catch (err) {
      this.failed = true;
      this.chunks = [];
      this.buffered = 0;
      throw err;
    }
    return out;
  }

  /** Bytes held for an incomplete frame. */
  get pendingBytes(): number {
    return this.buffered;
  }

  private peekLength(): number {
    if (this.chunks[0].length < FRAME_HEADER_BYTES) this.coalesce();
    return this.chunks[0].readUInt32BE(0);
  }

  private coalesce(): void {
    this.chunks = [Buffer.concat(this.chunks, this.buffered)];
  }

  private take(n: number): Buffer {
    if (this.chunks[0].length < n) this.coalesce();
    const head = this.chunks[0];
    const frame = head.subarray(0, n);
    if (head.length === n) this.chunks.shift();
    else this.chunks[0] = head.subarray(n);
    this.buffered -= n;
    return frame;
  }
}

function decodeBody(body: Buffer): Record<string, unknown> {
  // msgpackr alone would accept its own extensions (references, records),
  // which let a tiny body decode into an exponentially large graph: only
  // plain msgpack that passed the scan reaches it.
  scanFrameBody(body);
  let value: unknown;
  try {
    value = packr.unpack(body);
  } catch (err) {
    throw new SpifbError('EBAD_FRAME', `frame body is not msgpack: ${clipText(String((err as Error)?.message))}`);
  }
  // The scan admits only a map; a plain object is what msgpackr makes of one.
  if (value === null || typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) {
    throw new SpifbError('EBAD_FRAME', 'frame body is not a msgpack map');
  }
  return value as Record<string, unknown>;
}
