export { connect, clientSocketPath, type ConnectOptions } from './connect.js';
export { Display } from './display.js';
export { SpifbError, ERROR_CODES, type ErrorCode } from '../protocol/errors.js';
export { parseColour } from '../protocol/colour.js';
export type { Rect } from '../protocol/rect.js';
export type { PixelFormat } from '../protocol/pixel-format.js';
export type { InfoResult } from '../protocol/messages/info.js';
export type { FrameEvent } from '../protocol/messages/present.js';
export type { SnapshotResult } from '../protocol/messages/snapshot.js';
