import { EventEmitter } from 'node:events';
import type { InfoResult } from '../protocol/messages/info.js';
import type { FrameEvent } from '../protocol/messages/present.js';
import type { SnapshotResult } from '../protocol/messages/snapshot.js';
import type { PixelFormat } from '../protocol/pixel-format.js';
import type { Rect } from '../protocol/rect.js';
import { SpifbError } from '../protocol/errors.js';
import type { Connection } from './connection.js';

/**
 * A connected display. Methods mirror the daemon's ops; each rejects with a
 * SpifbError carrying the wire code. Emits `frame` for every frame that
 * finished on the wire, and `close` when the connection ends.
 */
export class Display extends EventEmitter<{ frame: [FrameEvent]; close: [] }> {
  private lastFrameSeq = 0;

  constructor(private readonly conn: Connection, readonly info: InfoResult) {
    super();
    this.lastFrameSeq = info.frameSeq;
    conn.on('event', (ev) => {
      if (ev.event === 'frame') {
        const frame = ev as unknown as FrameEvent;
        this.lastFrameSeq = Math.max(this.lastFrameSeq, frame.seq);
        this.emit('frame', frame);
      }
    });
    conn.on('close', () => this.emit('close'));
  }

  get width(): number {
    return this.info.width;
  }

  get height(): number {
    return this.info.height;
  }

  /** Fresh geometry and state from the daemon. */
  refreshInfo(): Promise<InfoResult> {
    return this.conn.request('info', {});
  }

  /** Fill `rect` (default: the whole screen) with 0xRRGGBB. */
  async fill(color: number, rect?: Rect): Promise<void> {
    await this.conn.request('fill', rect ? { color, rect } : { color });
  }

  /** Copy pixels into `rect`; `stride` defaults to tightly packed rows. */
  async blit(rect: Rect, format: PixelFormat, pixels: Uint8Array, stride?: number): Promise<void> {
    await this.conn.request('blit', stride === undefined ? { rect, format, pixels } : { rect, format, pixels, stride });
  }

  /** Send what was drawn to the panel; resolves with the frame's sequence number. */
  async present(damage?: Rect[]): Promise<number> {
    const { seq } = await this.conn.request('present', damage ? { damage } : {});
    return seq;
  }

  /**
   * Resolves once frame `seq` (default: the next one) has finished on the
   * wire — the FBIO_WAITFORVSYNC of this service.
   */
  waitFrame(seq?: number, timeoutMs = 5000): Promise<FrameEvent | undefined> {
    if (seq !== undefined && seq <= this.lastFrameSeq) return Promise.resolve(undefined);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        cleanup();
        reject(new SpifbError('ETIMEOUT', `frame ${seq ?? 'next'} not on the wire within ${timeoutMs} ms`));
      }, timeoutMs);
      const onFrame = (f: FrameEvent): void => {
        if (seq === undefined || f.seq >= seq) {
          cleanup();
          resolve(f);
        }
      };
      const onClose = (): void => {
        cleanup();
        reject(new SpifbError('ECLOSED', 'connection closed while waiting for a frame'));
      };
      const cleanup = (): void => {
        clearTimeout(timer);
        this.off('frame', onFrame);
        this.off('close', onClose);
      };
      this.on('frame', onFrame);
      this.on('close', onClose);
    });
  }

  /** What the panel shows now, RGB888. */
  snapshot(view: 'screen' | 'glass' = 'screen'): Promise<SnapshotResult> {
    return this.conn.request('snapshot', { view });
  }

  close(): void {
    this.conn.close();
  }

  /** `await using display = await connect()` closes it at the end of scope. */
  [Symbol.asyncDispose](): Promise<void> {
    this.close();
    return Promise.resolve();
  }
}
