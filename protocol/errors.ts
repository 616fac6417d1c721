import { clipText, describeValue } from './describe.js';

/**
 * Every error that crosses the wire carries one of these stable string codes.
 * The table is the single source: `protocol/README.md` documents each code and
 * a test checks that it does.
 */
export const ERROR_CODES = {
  // Framing: the connection is closed after these, the stream cannot resync.
  EFRAME_TOO_LARGE: 'A frame declared a length over the limit; rejected before buffering.',
  EBAD_FRAME: 'A frame body is not exactly one map of plain msgpack (no ext types, str/int keys, no duplicates, bounded depth and size).',
  // Requests: an error reply; the connection stays open.
  EBAD_REQUEST: 'A request lacks a valid `id` or `op`, or a parameter has the wrong type.',
  EUNKNOWN_OP: 'The `op` is not one this daemon knows.',
  ENO_HELLO: 'A request other than `hello` arrived before the handshake, or no `hello` came within `helloTimeoutMs` (event, then close).',
  EVERSION: 'The client speaks a protocol version this daemon does not.',
  EBAD_RECT: 'A rectangle is empty, not made of integers, or outside the screen.',
  EBAD_LENGTH: 'A pixel buffer length does not match its rectangle and format.',
  EBAD_FORMAT: 'An unknown pixel format.',
  EBAD_COLOR: 'A colour is not an integer 0x000000..0xFFFFFF (or a #rrggbb string, client side).',
  EBUSY: 'Too many requests in flight on this connection, the daemon-wide reply queue is full, or too many clients (of this uid).',
  ENO_SLOT: 'Every slot of the shared buffer is in use (wait for a `release` event), or this client already holds `maxSlotsPerClient` (present or release one first).',
  EBAD_SLOT: 'The slot is not held by this client (not acquired, already presented, released, or revoked after its lease).',
  EINTERNAL: 'The daemon failed while serving a valid request; it is logged.',
  // Daemon start-up and hardware.
  EBAD_CONFIG: 'A flag or config value is missing or out of range.',
  ESOCKET_IN_USE: 'Another live daemon already listens on the socket path or holds its lock (or the panel\'s).',
  EBUS: 'The bus to the panel failed (transfer error, missing device).',
  ENO_DEVICE: 'A device node (spidev, gpiochip, buffer) does not exist or cannot be opened.',
  // Client side only: never sent by the daemon.
  ENO_DAEMON: 'No daemon listens on the socket path.',
  ECLOSED: 'The connection closed before the reply arrived.',
  ETIMEOUT: 'No reply within the timeout.',
  EUNTRUSTED_DAEMON: 'The process listening on the socket runs as a uid the client does not trust (not root, not its own, not the configured one).',
  EBAD_IMAGE: 'An input image cannot be decoded.',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && Object.hasOwn(ERROR_CODES, code);
}

/** The error class used on both ends; `code` is one of ERROR_CODES. */
export class SpifbError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SpifbError';
    this.code = code;
  }

  /** The wire form of an error reply. */
  toWire(): WireError {
    return { code: this.code, message: this.message };
  }

  /** Rebuild an error received on the wire; unknown codes become EINTERNAL. */
  static fromWire(err: unknown): SpifbError {
    const e = (err ?? {}) as Partial<WireError>;
    const message = typeof e.message === 'string' ? e.message : 'error without message';
    if (isErrorCode(e.code)) return new SpifbError(e.code, message);
    return new SpifbError('EINTERNAL', `${typeof e.code === 'string' ? clipText(e.code, 40) : describeValue(e.code)}: ${message}`);
  }
}

export interface WireError {
  code: ErrorCode;
  message: string;
}
