import { EventEmitter } from 'node:events';
import type { Logger } from 'pino';
import type { FrameEvent } from '../../protocol/messages/present.js';
import type { DcsPanel } from '../panel/dcs-panel.js';
import type { Surface } from '../surface/surface.js';
import { changedBounds } from './diff.js';

export interface StreamerOptions {
  surface: Surface;
  panel: DcsPanel;
  logger: Logger;
  /** Frame rate cap; 0 = as fast as the bus goes. */
  fps?: number;
  now?: () => number;
}

/**
 * Moves presented frames to the panel. A present copies the surface into the
 * pending frame (so later drawing cannot tear it); while a frame is on the
 * wire, further presents replace the pending one (latest wins). Each frame is
 * diffed against the shadow — the last frame that reached the panel — and only
 * the changed area is sent. No timers run when nothing is presented.
 *
 * Emits `frame` (FrameEvent) when a frame has finished on the wire.
 */
export class Streamer extends EventEmitter<{ frame: [FrameEvent] }> {
  private pending: Uint8Array;
  private sendBuf: Uint8Array;
  /** What the panel shows now (the daemon's `init` cleared it to black). */
  readonly shadow: Uint8Array;
  private hasPending = false;
  private pendingSince = 0;
  private pumping = false;
  private startedSeq = 0;
  private doneSeq = 0;
  private lastStart = -Infinity;
  private idle: Promise<void> = Promise.resolve();
  private readonly now: () => number;
  fps: number;

  constructor(private readonly opts: StreamerOptions) {
    super();
    const size = opts.surface.stride * opts.surface.height;
    this.pending = new Uint8Array(size);
    this.sendBuf = new Uint8Array(size);
    this.shadow = new Uint8Array(size);
    this.fps = opts.fps ?? 0;
    this.now = opts.now ?? (() => performance.now());
  }

  /** Sequence number of the last frame that finished on the wire. */
  get frameSeq(): number {
    return this.doneSeq;
  }

  /** Queue the surface as it is now; returns the seq of the frame that carries it. */
  present(): number {
    this.pending.set(this.opts.surface.bytes.subarray(0, this.pending.length));
    if (!this.hasPending) this.pendingSince = this.now();
    this.hasPending = true;
    const seq = (this.pumping ? this.startedSeq : this.doneSeq) + 1;
    if (!this.pumping) this.idle = this.pump();
    return seq;
  }

  /** Resolves when nothing is pending or on the wire. */
  drained(): Promise<void> {
    return this.idle;
  }

  private async pump(): Promise<void> {
    this.pumping = true;
    try {
      while (this.hasPending) {
        await this.pace();
        [this.pending, this.sendBuf] = [this.sendBuf, this.pending];
        this.hasPending = false;
        const since = this.pendingSince;
        const seq = ++this.startedSeq;
        this.lastStart = this.now();
        await this.send(seq, since);
      }
    } finally {
      this.pumping = false;
    }
  }

  private async send(seq: number, since: number): Promise<void> {
    const { surface, panel, logger } = this.opts;
    const rect = changedBounds(this.sendBuf, this.shadow, surface.width, surface.height, surface.stride);
    let bytes = 0;
    try {
      if (rect) bytes = await panel.writeRect(this.sendBuf, surface.stride, rect);
      this.shadow.set(this.sendBuf);
    } catch (err) {
      // The panel's state is unknown now: forget the shadow so the next frame goes out whole.
      logger.error({ err, seq }, 'frame transfer failed');
      this.shadow.fill(0xa5);
    }
    this.doneSeq = seq;
    this.emit('frame', {
      event: 'frame',
      seq,
      bytes,
      pixels: rect ? rect.w * rect.h : 0,
      rects: rect ? 1 : 0,
      latencyMs: this.now() - since,
    });
  }

  private async pace(): Promise<void> {
    if (this.fps <= 0) return;
    const wait = this.lastStart + 1000 / this.fps - this.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }
}
