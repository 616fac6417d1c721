import type { InfoResult } from '../protocol/messages/info.js';
import type { SnapshotResult } from '../protocol/messages/snapshot.js';
import { convertPixels } from '../protocol/pixel-format.js';
import type { DcsPanel } from './panel/dcs-panel.js';
import type { Bus } from './bus/bus.js';
import type { Streamer } from './stream/streamer.js';
import type { Surface } from './surface/surface.js';
import { glassToScreen, type GlassImage } from './panel/rotation.js';

/** What the simulated bus can show of the glass; absent on real hardware. */
export interface GlassSource {
  glassView(): GlassImage;
}

/**
 * The one display this daemon owns: its framebuffer, the streamer feeding the
 * panel, and how to describe and read it back. Sessions talk to this.
 */
export class Display {
  constructor(
    readonly surface: Surface,
    readonly streamer: Streamer,
    readonly panel: DcsPanel,
    readonly bus: Bus,
    private readonly glass?: GlassSource,
  ) {}

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
      bus: this.bus.kind,
      fps: this.streamer.fps,
      frameSeq: this.streamer.frameSeq,
    };
  }

  /**
   * What the panel shows. With the simulated bus this is read from the
   * simulated glass (so a wrong MADCTL or offset shows); otherwise it is the
   * last frame sent.
   */
  snapshot(view: 'screen' | 'glass'): SnapshotResult {
    if (this.glass) {
      const g = this.glass.glassView();
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
