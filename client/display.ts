import { EventEmitter } from 'node:events';
import type { InfoResult } from '../protocol/messages/info.js';
import type { FrameEvent } from '../protocol/messages/present.js';
import type { SnapshotResult } from '../protocol/messages/snapshot.js';
import type { StatsResult } from '../protocol/messages/stats.js';
import type { PowerResult } from '../protocol/messages/power.js';
import type { PixelFormat } from '../protocol/pixel-format.js';
import type { Rect } from '../protocol/rect.js';
import { SpifbError } from '../protocol/errors.js';
import type { OpName, Ops } from '../protocol/ops.js';
import { SharedBuffer } from './shared-buffer.js';
import type { AcquireResult, ReleaseEvent, RevokedEvent } from '../protocol/messages/slots.js';

/** What a Display needs of its connection: a Connection, or a ReconnectingConnection. */
export interface Link {
  request<K extends OpName>(op: K, params: Ops[K]['params']): Promise<Ops[K]['result']>;
  /** A request whose reply carries descriptors (`map`). */
  requestWithDescriptors<K extends OpName>(op: K, params: Ops[K]['params']): Promise<{ result: Ops[K]['result']; fds: number[] }>;
  close(): void;
  on(event: 'event', listener: (ev: Record<string, unknown>) => void): unknown;
  on(event: 'close', listener: () => void): unknown;
}

/** A slot acquired for zero-copy drawing (see Display.acquire). */
export interface Frame {
  slot: number;
  /** rgb565 little-endian, `stride` bytes a row; a view into the shared buffer. */
  pixels: Uint8Array;
  stride: number;
  width: number;
  height: number;
  /** Queue it for the panel; resolves with the frame's sequence number. */
  present(damage?: Rect[]): Promise<number>;
  /**
   * Queue it and acquire the next slot in the same round trip (the daemon's
   * `present {slot, next}`): the way to stream frames. `next` is absent when
   * every slot was busy; acquire() later.
   */
  presentNext(damage?: Rect[]): Promise<{ seq: number; next?: Frame }>;
  /** Give it back without presenting; resolves at once for a revoked frame (the daemon already took it back). */
  release(): Promise<void>;
  /**
   * Set when the daemon took the slot back (held past its lease, the
   * `revoked` event): present and presentNext then reject with EBAD_SLOT.
   */
  readonly revoked?: string;
}

/**
 * A connected display. Methods mirror the daemon's ops; each rejects with a
 * SpifbError carrying the wire code. Emits `frame` for every frame that
 * finished on the wire, `release` when a presented slot is free again,
 * `revoked` when the daemon took back a slot held past its lease, `close` when the connection ends, and `disconnect`/`reconnect` with
 * `connect({ reconnect: true })`.
 */
export class Display extends EventEmitter<{
  frame: [FrameEvent]; release: [ReleaseEvent]; revoked: [RevokedEvent]; close: []; disconnect: []; reconnect: [InfoResult];
}> {
  /** Frames handed out and not yet presented or released, by slot: a `revoked` event marks its Frame. */
  private readonly held = new Map<number, (message: string) => void>();
  private lastFrameSeq = 0;
  /** The shared buffer, mapped on first acquire (one mapping even when acquires race). */
  private shared?: Promise<SharedBuffer>;

  constructor(private readonly conn: Link, public info: InfoResult) {
    super();
    this.lastFrameSeq = info.frameSeq;
    conn.on('event', (ev) => {
      if (ev.event === 'frame') {
        const frame = ev as unknown as FrameEvent;
        this.lastFrameSeq = Math.max(this.lastFrameSeq, frame.seq);
        this.emit('frame', frame);
      } else if (ev.event === 'release') {
        this.emit('release', ev as unknown as ReleaseEvent);
      } else if (ev.event === 'revoked') {
        const revoked = ev as unknown as RevokedEvent;
        this.held.get(revoked.slot)?.(String(revoked.message));
        this.emit('revoked', revoked);
      }
    });
    conn.on('close', () => this.emit('close'));
    // A restarted daemon has a new shared buffer: map it again on next use.
    this.on('reconnect', () => {
      void this.shared?.then((b) => b.retire(), () => {});
      this.shared = undefined;
      this.held.clear(); // slot indices of the old daemon
    });
  }

  /** The daemon came back (connect({reconnect})): fresh info; its frame sequence restarted. */
  reconnected(info: InfoResult): void {
    this.info = info;
    this.lastFrameSeq = info.frameSeq;
    this.emit('reconnect', info);
  }

  /** Screen width in pixels, in the framebuffer's (rotated) orientation. */
  get width(): number {
    return this.info.width;
  }

  /** Screen height in pixels. */
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
        this.off('disconnect', onClose);
      };
      this.on('frame', onFrame);
      this.on('close', onClose);
      // After a reconnect the daemon counts frames from 1 again: this wait cannot be answered.
      this.on('disconnect', onClose);
    });
  }

  /** Alias of {@link Display.waitFrame}, under the name graphics code expects. */
  waitVsync(seq?: number, timeoutMs = 5000): Promise<FrameEvent | undefined> {
    return this.waitFrame(seq, timeoutMs);
  }

  /** Streaming statistics: fps, bus utilisation, bytes per frame, latency percentiles. */
  stats(): Promise<StatsResult> {
    return this.conn.request('stats', {});
  }

  /** Backlight 0..100 (PWM where the board has it, else off/on); remembered while blanked. */
  backlight(level: number): Promise<PowerResult> {
    return this.conn.request('backlight', { level });
  }

  /** Blank (backlight off, display off, sleep in) or unblank; frames keep going to the panel's memory. */
  blank(on = true): Promise<PowerResult> {
    return this.conn.request('blank', { on });
  }

  /** What the panel shows now, RGB888. */
  snapshot(view: 'screen' | 'glass' = 'screen'): Promise<SnapshotResult> {
    return this.conn.request('snapshot', { view });
  }

  /**
   * Zero-copy drawing: a slot of the daemon's shared buffer, holding the
   * newest frame. Write rgb565 pixels into `frame.pixels` (`stride` bytes a
   * row), then `frame.present(damage?)`; no pixel crosses the socket. The
   * buffer is mapped on first use.
   */
  async acquire(): Promise<Frame> {
    const mapping = (this.shared ??= this.conn.requestWithDescriptors('map', {}).then(({ result, fds }) => SharedBuffer.map(result, fds)));
    mapping.catch(() => {
      if (this.shared === mapping) this.shared = undefined; // let a later acquire try again
    });
    const shared = await mapping;
    return this.frameOf(shared, await this.conn.request('acquire', {}));
  }

  private frameOf(shared: SharedBuffer, a: AcquireResult): Frame {
    const pixels = shared.slot(a.offset, a.stride * a.height);
    const mapping = this.shared;
    shared.retain();
    let done = false;
    let revoked: string | undefined;
    const mark = (message: string): void => {
      revoked = message;
    };
    if (this.shared === mapping) this.held.set(a.slot, mark);
    // The mapping stays retained until the app says it is done: it may still be drawing into `pixels`.
    // Listening for `revoked` lasts until the daemon's answer: a revoke racing a present is marked too.
    const forget = (): void => {
      if (this.held.get(a.slot) === mark) this.held.delete(a.slot);
    };
    /** Marks the Frame used; false when the daemon had revoked it (nothing left to send). */
    const finish = (): boolean => {
      if (done) throw new SpifbError('EBAD_SLOT', `slot ${a.slot} was already presented or released`);
      done = true;
      shared.release();
      if (revoked !== undefined) forget();
      return revoked === undefined;
    };
    const refuse = (): never => {
      throw new SpifbError('EBAD_SLOT', `slot ${a.slot} was revoked by the daemon, not presented: ${revoked}`);
    };
    return {
      slot: a.slot,
      get revoked() {
        return revoked;
      },
      pixels,
      stride: a.stride,
      width: a.width,
      height: a.height,
      present: async (damage?: Rect[]) => {
        if (!finish()) refuse();
        const { seq } = await this.conn.request('present', damage ? { slot: a.slot, damage } : { slot: a.slot }).finally(forget);
        return seq;
      },
      presentNext: async (damage?: Rect[]) => {
        if (!finish()) refuse();
        const r = await this.conn.request('present', damage ? { slot: a.slot, damage, next: true } : { slot: a.slot, next: true }).finally(forget);
        // The mapping belongs to this daemon; after a reconnect the slot index means nothing.
        return r.next && this.shared === mapping ? { seq: r.seq, next: this.frameOf(shared, r.next) } : { seq: r.seq };
      },
      release: async () => {
        if (!finish()) return; // the daemon already took it back
        await this.conn.request('release', { slot: a.slot }).finally(forget);
      },
    };
  }


  /**
   * Close the connection; the shared buffer is unmapped once no Frame points
   * into it. Slots still held are released by the daemon.
   */
  close(): void {
    this.conn.close();
    void this.shared?.then((b) => b.retire(), () => {});
    this.shared = undefined;
  }

  /** `await using display = await connect()` closes it at the end of scope. */
  [Symbol.asyncDispose](): Promise<void> {
    this.close();
    return Promise.resolve();
  }
}
