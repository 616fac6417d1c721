import type { ServerResponse } from 'node:http';
import type { Logger } from 'pino';

/** Limits on the `/events` streams (README, `--preview`). */
export interface StreamLimits {
  /** Streams open at once; one more gets 503. */
  maxStreams: number;
  /** A stream whose write() returned false and has not drained this long is closed. */
  drainMs: number;
  /** A stream holding more unsent bytes than this is closed at once. */
  maxBufferedBytes: number;
}

/**
 * 16 browser tabs is plenty for a development preview; each stream costs a
 * write per announcement, so an unbounded number (300 measured) halved the
 * frame rate. A browser drains an event in microseconds: 2 s without a
 * drain, or 64 KiB queued (some 150 announcements), is a reader that stopped.
 */
export const DEFAULT_STREAM_LIMITS: StreamLimits = { maxStreams: 16, drainMs: 2000, maxBufferedBytes: 64 * 1024 };

/**
 * The open `/events` streams. Writes never wait: a stream that stops
 * reading is closed, so the announcements (and the frame events they ride
 * on) never queue behind a browser.
 */
export class EventStreams {
  private readonly open = new Map<ServerResponse, NodeJS.Timeout | undefined>();

  constructor(private readonly limits: StreamLimits, private readonly logger: Logger) {}

  get size(): number {
    return this.open.size;
  }

  get full(): boolean {
    return this.open.size >= this.limits.maxStreams;
  }

  /** Start streaming to `res` (the caller checked `full`). */
  add(res: ServerResponse): void {
    this.open.set(res, undefined);
    res.on('close', () => this.forget(res));
    res.on('drain', () => {
      clearTimeout(this.open.get(res));
      if (this.open.has(res)) this.open.set(res, undefined);
    });
  }

  send(text: string): void {
    for (const res of [...this.open.keys()]) this.write(res, text);
  }

  closeAll(): void {
    for (const res of [...this.open.keys()]) {
      this.forget(res);
      res.end();
    }
  }

  private write(res: ServerResponse, text: string): void {
    if (res.writableLength > this.limits.maxBufferedBytes) {
      this.drop(res, `over ${this.limits.maxBufferedBytes} bytes unsent`);
      return;
    }
    if (res.write(text) || this.open.get(res) !== undefined) return;
    this.open.set(res, setTimeout(() => this.drop(res, `not drained in ${this.limits.drainMs} ms`), this.limits.drainMs));
  }

  private drop(res: ServerResponse, why: string): void {
    this.forget(res);
    this.logger.warn({ why, remote: res.socket?.remoteAddress }, 'closing a preview /events stream that does not read');
    // A reset, not a FIN: a FIN would queue behind the unread bytes, and the
    // kernel would keep them (and the socket) until the reader's window opened.
    if (res.socket) res.socket.resetAndDestroy();
    else res.destroy();
  }

  private forget(res: ServerResponse): void {
    clearTimeout(this.open.get(res));
    this.open.delete(res);
  }
}
