import { EventEmitter } from 'node:events';
import type { Logger } from 'pino';
import type { FrameEvent } from '../../protocol/messages/present.js';
import type { Rect } from '../../protocol/rect.js';
import type { DcsPanel } from '../panel/dcs-panel.js';
import { packRect } from '../panel/wire-pack.js';
import type { Surface } from '../surface/surface.js';
import type { TxArea } from '../ring/ring.js';
import { lineRange } from '../memory/cache-line.js';
import { planWindows } from './plan.js';
import { findSpans, SpanBuffer } from './spans.js';
import { FrameStats, type StreamStats } from './stats.js';
import { breakEvenPixels, DEFAULT_COST, wireSeconds, type WireCostModel } from '../bus/wire-cost.js';

/**
 * A frame held elsewhere (a client's slot), which its client may write while
 * the streamer reads it: diffed in place, each window's pixels read once into
 * the shadow (and packed from there), then given back.
 */
export interface FrameSource {
  bytes: Uint8Array;
  /** The streamer starts reading it (diff and pack). */
  reading(): void;
  /** Done with it; `dropped` when a newer present replaced it before it was read. */
  consumed(dropped: boolean): void;
}


export interface StreamerOptions {
  surface: Surface;
  panel: DcsPanel;
  logger: Logger;
  /** Frame rate cap; 0 = as fast as the bus goes. */
  fps?: number;
  /** The wire-time model the planner minimises (clock, per-transfer cost). */
  cost?: Partial<WireCostModel>;
  /** Where packed wire bytes go; plain memory when absent (tests). */
  txArea?: TxArea;
  now?: () => number;
  /** The frame-rate cap's wait, in whole ms (tests pass a fake with their fake `now`). */
  sleep?: (ms: number) => Promise<void>;
}

/** A frame diffed, planned and packed, ready for the wire. */
interface Prepared {
  seq: number;
  windows: Rect[];
  /** Wire-format pixels of each window, back to back. */
  tx: Uint8Array;
  /** That tx range in the shared buffer, whole cache lines, when there is one. */
  sync?: { offset: number; length: number };
  pixels: number;
  presentedAt: number;
}

/**
 * Moves presented frames to the panel, sending only what changed.
 *
 * - A present copies the surface into `pending` (later drawing cannot tear
 *   it); presents that come faster than the wire are coalesced, latest wins —
 *   at most one frame waits, never an unbounded queue.
 * - Each frame is compared with the shadow (what the panel will show once the
 *   frames already planned are sent), so an undeclared change is never lost
 *   and an unchanged area is never sent; changed spans become windows chosen
 *   to minimise modelled wire time (plan.ts, wire-cost.ts).
 * - Only the windows' pixels are copied into the shadow, and the wire bytes
 *   are packed from the shadow: the panel gets exactly what the shadow says,
 *   even if a client writes its slot meanwhile (issue 12, finding 7).
 * - Pipelined: frame N+1 is diffed, planned and packed into the other tx
 *   buffer while frame N is on the wire.
 * - Nothing runs when nothing is presented: no timers, no polling.
 *
 * Emits `frame` (FrameEvent) when a frame has finished on the wire.
 */
export class Streamer extends EventEmitter<{ frame: [FrameEvent] }> {
  private pending: Uint8Array;
  private pendingSource: FrameSource | null = null;
  private readonly txOffsets: [number, number] = [0, 0];
  /** What the panel shows once every planned frame is sent. */
  readonly shadow: Uint8Array;
  private readonly txBuffers: [Uint8Array, Uint8Array];
  private txIndex = 0;
  private readonly spans = new SpanBuffer();
  private hasPending = false;
  private pendingSince = 0;
  private fullRefresh = false;
  private pumping = false;
  private preparedSeq = 0;
  private doneSeq = 0;
  private lastStart = -Infinity;
  private idle: Promise<void> = Promise.resolve();
  /** Set by stop(): no frame is prepared or sent from then on (the tx area may be unmapped). */
  private stopped = false;
  /** Ends the back-off wait early (stop()). */
  private wake: (() => void) | undefined;
  private backoffTimer: NodeJS.Timeout | undefined;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  readonly cost: WireCostModel;
  readonly stats = new FrameStats();
  fps: number;

  constructor(private readonly opts: StreamerOptions) {
    super();
    const { surface, panel } = opts;
    const size = surface.stride * surface.height;
    this.pending = new Uint8Array(size);
    this.shadow = new Uint8Array(size); // DcsPanel.init cleared the panel to black
    const txSize = surface.width * surface.height * panel.bytesPerPixel;
    const area = opts.txArea;
    if (area) {
      if (area.halfSize < txSize) throw new RangeError(`tx halves of ${area.halfSize} bytes cannot hold a ${txSize}-byte frame`);
      this.txOffsets = area.offsets;
      this.txBuffers = [0, 1].map((i) => area.dma.bytes.subarray(area.offsets[i], area.offsets[i] + txSize)) as [Uint8Array, Uint8Array];
    } else {
      this.txBuffers = [new Uint8Array(txSize), new Uint8Array(txSize)];
    }
    this.fps = opts.fps ?? 0;
    this.now = opts.now ?? (() => performance.now());
    this.sleep = opts.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.cost = { ...DEFAULT_COST, hz: panel.spec.maxHz.pixels, ...opts.cost, bytesPerPixel: panel.bytesPerPixel };
  }

  /** Sequence number of the last frame that finished on the wire. */
  get frameSeq(): number {
    return this.doneSeq;
  }

  /**
   * Queue the surface as it is now (copied), or a frame held elsewhere
   * (`source`, read in place); returns the seq of the frame that carries it.
   */
  present(source?: FrameSource): number {
    const replaced = this.pendingSource;
    this.pendingSource = null;
    if (source) this.pendingSource = source;
    else this.pending.set(this.opts.surface.bytes.subarray(0, this.pending.length));
    replaced?.consumed(true);
    if (!this.hasPending) this.pendingSince = this.now();
    this.hasPending = true;
    const seq = this.preparedSeq + 1; // the frame pending becomes when it is prepared
    if (!this.pumping && !this.stopped) {
      // Start on the next microtask: the caller's reply goes out before any
      // event this frame causes (release, frame).
      this.pumping = true;
      this.idle = Promise.resolve()
        .then(() => this.pump())
        .catch((err) => this.opts.logger.error({ err }, 'the frame pump stopped on an error'));
    }
    return seq;
  }

  /** The newest full frame: the one waiting to be sent, else what the panel will show. */
  latest(): Uint8Array {
    if (this.pendingSource) return this.pendingSource.bytes;
    return this.hasPending ? this.pending : this.shadow;
  }

  /** Resolves when nothing is pending or on the wire. */
  drained(): Promise<void> {
    return this.idle;
  }

  /**
   * Shutting down: finish the transfer now running, start no other, abandon a
   * back-off. Resolves when the pump can no longer touch the tx area or a slot
   * (a transfer parked on a given-up bus never settles: race this with it).
   */
  stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.backoffTimer);
    this.wake?.();
    return this.idle;
  }

  getStats(): StreamStats {
    return this.stats.snapshot(this.now());
  }

  private async pump(): Promise<void> {
    try {
      let next: Prepared | null = null;
      while (!this.stopped && (next || this.hasPending)) {
        const frame: Prepared = next ?? this.prepare();
        next = null;
        await this.pace();
        if (this.stopped) break;
        this.lastStart = this.now();
        const sent = this.transmit(frame);
        // While this frame is on the wire, get the next one ready.
        if (this.hasPending) next = this.prepare();
        if (await sent) {
          this.failures = 0;
          continue;
        }
        // The panel's content is unknown now, and the frame planned behind
        // this one was diffed against a shadow the panel never reached: drop
        // it and resend everything, from the newest content (the shadow holds
        // it unless a newer present is pending). Back off while it keeps failing.
        next = null;
        this.fullRefresh = true;
        if (!this.hasPending) {
          this.pending.set(this.shadow);
          this.hasPending = true;
          this.pendingSince = frame.presentedAt;
        }
        const wait = Math.min(5000, 10 * 2 ** this.failures++);
        await new Promise<void>((resolve) => {
          this.wake = resolve;
          this.backoffTimer = setTimeout(resolve, wait);
        });
        this.wake = undefined;
      }
    } finally {
      this.pumping = false;
    }
  }

  /** Transfers failed in a row (the back-off exponent). */
  private failures = 0;

  /** Diff pending against the shadow, plan windows, pack them into a tx buffer. */
  private prepare(): Prepared {
    const { surface } = this.opts;
    const { width, height, stride } = surface;
    const seq = ++this.preparedSeq;
    const presentedAt = this.pendingSince;
    this.hasPending = false;
    const source = this.pendingSource;
    this.pendingSource = null;
    source?.reading();
    const frame = source ? source.bytes : this.pending;
    let windows: Rect[];
    if (this.fullRefresh) {
      this.fullRefresh = false;
      windows = [{ x: 0, y: 0, w: width, h: height }];
    } else {
      const breakEven = breakEvenPixels(this.cost);
      findSpans(frame, this.shadow, width, stride, breakEven, this.spans, 0, height);
      windows = planWindows(this.spans, breakEven);
    }
    const half = this.txIndex;
    const tx = this.txBuffers[half];
    this.txIndex ^= 1;
    const shadow = this.shadow;
    let o = 0;
    let pixels = 0;
    for (const r of windows) {
      // A slot is client-writable: read each of its pixels once, into the
      // shadow, and pack from there, so the panel gets exactly what the shadow
      // says. Pixels outside the windows are not copied: if the client changed
      // them after the diff, the next diff finds them.
      const start = r.y * stride + r.x * 2;
      if (r.w * 2 === stride) {
        shadow.set(frame.subarray(start, start + r.h * stride), start); // whole rows: one copy
      } else {
        for (let s = start, end = start + r.h * stride; s < end; s += stride) shadow.set(frame.subarray(s, s + r.w * 2), s);
      }
      o += packRect(shadow, stride, r.x, r.y, r.w, r.h, this.opts.panel.spec.wireFormat, tx.subarray(o));
      pixels += r.w * r.h;
    }
    source?.consumed(false);
    const area = this.opts.txArea;
    const sync = area && o > 0 ? lineRange(this.txOffsets[half], o, area.dma.cacheLine) : undefined;
    return { seq, windows, tx: tx.subarray(0, o), pixels, presentedAt, sync };
  }

  /** Send a prepared frame; false if the transfer failed. */
  private async transmit(frame: Prepared): Promise<boolean> {
    const { panel, logger } = this.opts;
    let bytes = 0;
    let transfers = 0;
    let ok = true;
    const dma = this.opts.txArea?.dma;
    try {
      // The CPU is done with these bytes: hand them to the device first.
      if (frame.sync) dma!.syncForDevice(frame.sync.offset, frame.sync.length);
      // The whole frame is one program; the wire model counts its real transfers.
      ({ bytes, transfers } = await panel.writeFrame(frame.windows, frame.tx));
    } catch (err) {
      ok = false;
      this.stats.errors++;
      logger.error({ err, seq: frame.seq }, 'frame transfer failed; the next frame is sent whole');
    }
    try {
      // Back to the CPU before this half is packed again.
      if (frame.sync) dma!.syncForCpu(frame.sync.offset, frame.sync.length);
    } catch (err) {
      ok = false;
      logger.error({ err, seq: frame.seq }, 'cache sync for the CPU failed');
    }
    this.doneSeq = frame.seq;
    const at = this.now();
    const wireMs = wireSeconds(this.cost, bytes, transfers) * 1000;
    const latencyMs = at - frame.presentedAt;
    this.stats.record({ at, bytes, pixels: frame.pixels, wireMs, latencyMs });
    try {
      this.emit('frame', {
        event: 'frame',
        seq: frame.seq,
        bytes,
        pixels: frame.pixels,
        rects: frame.windows.length,
        latencyMs,
        wireMs,
      });
    } catch (err) {
      // A listener's bug must not stop the frame path.
      logger.error({ err, seq: frame.seq }, 'a frame listener threw');
    }
    return ok;
  }

  /**
   * Wait until 1000/fps ms after the last frame started (protocol/README.md,
   * `present`). A timer can fire early by `now`: libuv measures a timeout
   * from the loop time cached before this iteration's work, in whole ms. So
   * wait again until `now` agrees: the minimum holds, at the cost of
   * starting up to about a millisecond late.
   */
  private async pace(): Promise<void> {
    for (;;) {
      if (this.fps <= 0 || this.stopped) return;
      const wait = this.lastStart + 1000 / this.fps - this.now();
      if (wait <= 0) return;
      await this.sleep(Math.ceil(wait));
    }
  }
}
