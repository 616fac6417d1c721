import type { HelloParams, HelloResult } from './messages/hello.js';
import type { InfoParams, InfoResult } from './messages/info.js';
import type { BlitParams, DrawResult, FillParams } from './messages/draw.js';
import type { PresentParams, PresentResult } from './messages/present.js';
import type { SnapshotParams, SnapshotResult } from './messages/snapshot.js';
import type { StatsParams, StatsResult } from './messages/stats.js';
import type { AcquireResult, MapResult, SlotParams } from './messages/slots.js';
import type { BacklightParams, BlankParams, PowerResult } from './messages/power.js';

/**
 * Every request the daemon answers: its params and its result. Client and
 * daemon are both typed against this map, so the compiler checks both ends.
 */
export interface Ops {
  hello: { params: HelloParams; result: HelloResult };
  info: { params: InfoParams; result: InfoResult };
  fill: { params: FillParams; result: DrawResult };
  blit: { params: BlitParams; result: DrawResult };
  present: { params: PresentParams; result: PresentResult };
  snapshot: { params: SnapshotParams; result: SnapshotResult };
  stats: { params: StatsParams; result: StatsResult };
  map: { params: Record<string, never>; result: MapResult };
  acquire: { params: Record<string, never>; result: AcquireResult };
  release: { params: SlotParams; result: Record<string, never> };
  backlight: { params: BacklightParams; result: PowerResult };
  blank: { params: BlankParams; result: PowerResult };
}

export type OpName = keyof Ops;

export const OP_NAMES: readonly OpName[] = ['hello', 'info', 'fill', 'blit', 'present', 'snapshot', 'stats', 'map', 'acquire', 'release', 'backlight', 'blank'];

/** Request: `{id, op, ...params}`; `id` is a u32 the client chooses. */
export type Request<K extends OpName = OpName> = { id: number; op: K } & Ops[K]['params'];

export type Reply<K extends OpName = OpName> =
  | { id: number; ok: true; result: Ops[K]['result'] }
  | { id: number; ok: false; error: { code: string; message: string } };
