import type { InfoResult } from '../../protocol/messages/info.js';
import type { SnapshotResult } from '../../protocol/messages/snapshot.js';
import type { StatsResult } from '../../protocol/messages/stats.js';
import { convertPixels } from '../../protocol/pixel-format.js';
import type { DcsPanel } from '../panel/dcs-panel.js';
import type { BusFaults } from '../bus/retry-bus.js';
import type { PowerState } from '../panel/panel-power.js';
import type { Streamer } from '../stream/streamer.js';
import type { Surface } from '../surface/surface.js';
import { glassToScreen, type GlassImage } from '../panel/rotation.js';
import type { Ring } from '../ring/ring.js';
import type { SlotOwner } from '../ring/slots.js';
import type { AcquireResult, MapResult } from '../../protocol/messages/slots.js';
import type { FrameEvent } from '../../protocol/messages/present.js';
import { SpifbError } from '../../protocol/errors.js';

/** The simulated bus (bus/sim-bus.ts), read back; absent on real hardware. */
export interface GlassSource {
  /** The panel's memory as the glass shows it when lit, whatever the power state, with everything sent so far. */
  memoryView(): GlassImage;
}

/**
 * The one display this daemon owns, as sessions, the preview, the demo and
 * the service see it: draw and present, slots, snapshot, stats, power, frame
 * events and the frame rate. Its collaborators (surface, streamer, panel,
 * ring) stay private, so nothing reaches past it into the layers below.
 */
export class Display {
  /** A zero-copy present replaced the frame since the copying path last drew. */
  private surfaceStale = false;

  constructor(
    private readonly surface: Surface,
    private readonly streamer: Streamer,
    private readonly panel: DcsPanel,
    private readonly glass?: GlassSource,
    private readonly ring?: Ring,
    /** Failure counters of the retrying bus, shown by `stats`. */
    private readonly busFaults?: Readonly<BusFaults>,
  ) {}

  /** The framebuffer's size and row pitch (RGB565). */
  get geometry(): { width: number; height: number; stride: number } {
    const { width, height, stride } = this.surface;
    return { width, height, stride };
  }

  onFrame(listener: (frame: FrameEvent) => void): void {
    this.streamer.on('frame', listener);
  }

  offFrame(listener: (frame: FrameEvent) => void): void {
    this.streamer.off('frame', listener);
  }

  get fps(): number {
    return this.streamer.fps;
  }

  setFps(fps: number): void {
    this.streamer.fps = fps;
  }

  /** What the panel shows once every planned frame is sent (RGB565, `geometry.stride` per row). */
  shownFrame(): Uint8Array {
    return this.streamer.shadow;
  }

  /** Shutting down: no frame starts from now on (see Streamer.stop). */
  stop(): Promise<void> {
    return this.streamer.stop();
  }

  /** After stop(): the idle timer ends and the shared buffer is unmapped. */
  close(): void {
    this.panel.power.close();
    this.ring?.close();
  }

  /** The `map` reply; `mapDescriptors()` are the fds that go with it. */
  mapInfo(): MapResult {
    return this.requireRing().mapInfo();
  }

  /** Header (read-only) and slots (read-write) memfds, sent with the `map` reply (SCM_RIGHTS). */
  mapDescriptors(): number[] {
    return this.requireRing().descriptors();
  }

  /** Give back a slot `owner` holds, unpresented. */
  cancelSlot(owner: SlotOwner, slot: number): void {
    this.requireRing().slots.cancel(owner, slot);
  }

  /** A client went away: every slot it held comes back. */
  dropOwner(owner: SlotOwner): void {
    this.ring?.slots.dropOwner(owner);
  }

  /** The `stats` op's numbers, also what the preview shows. */
  stats(): StatsResult {
    return {
      ...this.streamer.getStats(),
      busHz: this.streamer.cost.hz,
      busFailures: this.busFaults?.failures ?? 0,
      busRecoveries: this.busFaults?.recoveries ?? 0,
      busFailing: this.busFaults?.failing ?? false,
    };
  }

  get power(): PowerState {
    return this.panel.power.power;
  }

  /** The reply is the state asked for; the change reaches the panel between frames (`applied`). */
  setBacklight(level: number): { state: PowerState; applied: Promise<void> } {
    return this.panel.power.setBacklight(level);
  }

  blank(on: boolean): { state: PowerState; applied: Promise<void> } {
    return this.panel.power.blank(on);
  }

  /**
   * The copying path's framebuffer, brought up to date first when a client
   * presented a slot since: fill and blit draw on the newest frame.
   */
  drawSurface(): Surface {
    if (this.surfaceStale) {
      this.surface.bytes.set(this.streamer.latest().subarray(0, this.surface.bytes.length));
      this.surfaceStale = false;
    }
    return this.surface;
  }

  /** Counts presents: slot contents are tagged with the version they hold. */
  private frameVersion = 0;
  private readonly slotVersions: number[] = [];

  /** Present what the copying path drew. */
  present(): number {
    this.drawSurface(); // a slot presented since: the framebuffer starts from it
    this.frameVersion++;
    return this.streamer.present();
  }

  /**
   * Hand `owner` a free slot holding the newest frame, to draw into in place.
   * A slot that already holds it (the one presented last, typically) is
   * preferred, which saves copying a whole frame into it.
   */
  acquire(owner: SlotOwner): AcquireResult {
    const ring = this.requireRing();
    const current = (i: number): boolean => this.slotVersions[i] === this.frameVersion;
    const { slot, seq } = ring.slots.acquire(owner, current);
    if (!current(slot)) ring.slots.pixels(slot).set(this.streamer.latest().subarray(0, ring.layout.slotBytes));
    // The client may draw in it and then release it unpresented: only a
    // present that the streamer reads whole makes its content known again.
    this.slotVersions[slot] = -1;
    const { width, height, stride } = this.surface;
    return { slot, offset: ring.layout.slotOffsets[slot], stride, width, height, format: 'rgb565', seq };
  }

  /** Queue a held slot: the streamer reads it in place, then it is released. */
  presentSlot(owner: SlotOwner, index: number): number {
    const ring = this.requireRing();
    const slot = ring.slots.checkHeld(owner, index);
    ring.slots.queue(owner, slot);
    this.surfaceStale = true;
    const version = ++this.frameVersion;
    this.slotVersions[slot] = -1; // the client drew in it: unknown until read
    return this.streamer.present({
      bytes: ring.slots.pixels(slot),
      reading: () => ring.slots.onWire(slot),
      consumed: (dropped) => {
        // Read whole, the slot holds exactly frame `version` from now on.
        if (!dropped) this.slotVersions[slot] = version;
        ring.slots.release(slot, dropped);
      },
    });
  }

  private requireRing(): Ring {
    if (!this.ring) throw new SpifbError('EINTERNAL', 'this daemon runs without a shared buffer');
    return this.ring;
  }

  info(): InfoResult {
    const { surface, panel } = this;
    return {
      width: surface.width,
      height: surface.height,
      stride: surface.stride,
      format: surface.format,
      panel: panel.spec.name,
      controller: panel.spec.controller,
      wireFormat: panel.spec.wireFormat,
      rotation: panel.rotation,
      bus: this.panel.busKind,
      fps: this.streamer.fps,
      frameSeq: this.streamer.frameSeq,
    };
  }

  /**
   * What the panel shows. With the simulated bus this is read from the
   * simulated panel's memory through its glass (so a wrong MADCTL or offset
   * shows), also while blanked: what unblanking will show, as the shadow is on
   * real hardware; otherwise it is the last frame sent.
   */
  snapshot(view: 'screen' | 'glass'): SnapshotResult {
    if (this.glass) {
      const g = this.glass.memoryView();
      if (view === 'glass') return { width: g.width, height: g.height, format: 'rgb888', pixels: g.rgb, source: 'panel' };
      const s = glassToScreen(g, this.panel.rotation);
      return { ...s, format: 'rgb888', source: 'panel' };
    }
    const { width, height, stride } = this.surface;
    const pixels = new Uint8Array(width * height * 3);
    for (let y = 0; y < height; y++) {
      convertPixels(this.streamer.shadow, y * stride, 'rgb565', pixels, y * width * 3, 'rgb888', width);
    }
    return { width, height, format: 'rgb888', pixels, source: 'shadow' };
  }
}
