/**
 * `spifb/client`: the SDK for applications that draw on a panel owned by
 * spifbd. Start with {@link connect}; everything else hangs off the
 * {@link Display} it returns.
 *
 * @packageDocumentation
 */

/** Connect to the daemon (with timeouts, `AbortSignal` and optional reconnect), and the default socket path. */
export { connect, clientSocketPath, type ConnectOptions } from './connect.js';
/** Redial backoff settings for `connect({ reconnect: {...} })`. */
export type { ReconnectOptions } from './reconnect.js';
/** A connected display: draw ops, present, `waitFrame`/`waitVsync`, zero-copy `acquire`, power, snapshot, stats. */
export { Display, type Frame } from './display.js';
/** Present canvas-style RGBA (`{width, height, data}`) in one call; `ImagePresenter` sends only what changed. */
export { presentImageData, ImagePresenter, type ImageDataLike, type Placement } from './present-image.js';
/** Run a sharp pipeline and present its output in one call. */
export { presentSharp, type SharpPresentOptions } from './present-sharp.js';
/** The bounding box of the pixels that differ between two frames. */
export { changedBox } from './changed-box.js';
/** The error class every SDK call rejects with (stable `code`), and the table of codes. */
export { SpifbError, ERROR_CODES, type ErrorCode } from '../protocol/errors.js';
/** `#rrggbb`, `#rgb`, `rrggbb`, `0xrrggbb` → 0xRRGGBB. */
export { parseColour } from '../protocol/colour.js';
/** `{x, y, w, h}` in framebuffer pixels. */
export type { Rect } from '../protocol/rect.js';
/** `rgb565` (the framebuffer's), `rgb888`, `rgba8888`, `xrgb8888`. */
export type { PixelFormat } from '../protocol/pixel-format.js';
/** What `info` describes: geometry, stride, format, panel, rotation, bus, fps cap. */
export type { InfoResult } from '../protocol/messages/info.js';
/** The `frame` event: a frame finished on the wire (seq, bytes, latency). */
export type { FrameEvent } from '../protocol/messages/present.js';
/** A read-back of the panel, RGB888. */
export type { SnapshotResult } from '../protocol/messages/snapshot.js';
/** Streaming statistics: fps, bus utilisation, latency percentiles. */
export type { StatsResult } from '../protocol/messages/stats.js';
/** The power state `backlight()` and `blank()` set. */
export type { PowerResult } from '../protocol/messages/power.js';
/** The `release` event: a presented slot is free again. */
export type { ReleaseEvent } from '../protocol/messages/slots.js';
