import { SimBus } from '../daemon/bus/sim-bus.js';
import { WireClock } from '../daemon/bus/wire-clock.js';
import { DcsPanel } from '../daemon/panel/dcs-panel.js';
import type { Rotation } from '../daemon/panel/madctl.js';
import { ili9341 } from '../daemon/panel/presets/ili9341.js';
import { ili9341Module } from '../daemon/sim/module-model.js';
import { SimPanel } from '../daemon/sim/sim-panel.js';
import { Streamer } from '../daemon/stream/streamer.js';
import type { WireCostModel } from '../daemon/bus/wire-cost.js';
import { Surface } from '../daemon/surface/surface.js';
import type { FrameEvent } from '../protocol/messages/present.js';
import { silent } from './harness.js';

/**
 * The daemon's pipeline in one process (surface → streamer → DCS driver →
 * simulated bus and panel), for scenarios that count bytes or time frames.
 */
export async function streamRig(opts: { rotation?: Rotation; busHz?: number; cost?: Partial<WireCostModel> } = {}) {
  const sim = new SimPanel(ili9341Module);
  const clock = opts.busHz ? new WireClock({ hz: opts.busHz, transferOverheadUs: opts.cost?.transferOverheadUs ?? 10 }) : undefined;
  const bus = new SimBus(sim, clock);
  const panel = new DcsPanel(ili9341, opts.rotation ?? 90, bus, async () => {});
  await panel.init();
  const surface = Surface.allocate(panel.width, panel.height);
  const streamer = new Streamer({ surface, panel, logger: silent, cost: { ...(opts.busHz ? { hz: opts.busHz } : {}), ...opts.cost } });
  const frames: FrameEvent[] = [];
  streamer.on('frame', (f) => frames.push(f));
  /** Present and wait for the wire; returns the frame's event. */
  const send = async (): Promise<FrameEvent> => {
    streamer.present();
    await streamer.drained();
    return frames.at(-1)!;
  };
  return { sim, bus, clock, panel, surface, streamer, frames, send };
}
