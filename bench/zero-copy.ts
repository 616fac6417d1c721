/**
 * Scenario: presents per second through the mapped-slot path (acquire, draw
 * in place, present) against the copying path (blit over the socket, then
 * present), the daemon in its own process as on a board,
 * unlimited bus. Small damage (a 16x16 cursor) and whole frames.
 */
import { connect } from '../client/connect.js';
import type { Display, Frame } from '../client/display.js';
import { daemonChild } from './daemon-child.js';
import type { BenchResult } from './harness.js';
import { socketFloor } from './socket-floor.js';

/** Issue 14: zero-copy presents reach at least this share of bare round trips. */
export const ZERO_COPY_RATIO_GOAL = 0.4;

async function rate(fn: (i: number) => Promise<void>, ms = 1000): Promise<number> {
  for (let i = 0; i < 50; i++) await fn(i); // warm up
  const t0 = performance.now();
  let n = 0;
  while (performance.now() - t0 < ms) await fn(n++);
  return (n * 1000) / (performance.now() - t0);
}

function paint(pixels: Uint8Array, stride: number, x: number, y: number, w: number, h: number, v: number): void {
  for (let r = 0; r < h; r++) pixels.fill(v & 0xff, (y + r) * stride + x * 2, (y + r) * stride + (x + w) * 2);
}

export async function run(): Promise<BenchResult> {
  // A presentNext request is about 60 bytes of msgpack.
  const floor = await socketFloor(60, 500);
  const daemon = await daemonChild(['--rotation', '90']);
  const display: Display = await connect({ socket: daemon.socket });
  const small = { x: 0, y: 0, w: 16, h: 16 };
  const whole = { x: 0, y: 0, w: 320, h: 240 };
  const cursor = new Uint8Array(16 * 16 * 2);
  const frame = new Uint8Array(320 * 240 * 2);

  // One round trip per frame on both paths.
  let held: Frame | undefined;
  const zeroCopy = (rect: typeof small) => async (i: number) => {
    // presentNext hands back the next slot with the reply: one round trip a frame.
    const f = held ?? (await display.acquire());
    paint(f.pixels, f.stride, (i * 7) % (320 - rect.w + 1), (i * 3) % (240 - rect.h + 1), rect.w, rect.h, i);
    held = (await f.presentNext([rect])).next;
  };
  const blit = (rect: typeof small, bytes: Uint8Array) => async (i: number) => {
    bytes.fill(i & 0xff);
    const r = { ...rect, x: (i * 7) % (320 - rect.w + 1), y: (i * 3) % (240 - rect.h + 1) };
    void display.blit(r, 'rgb565', bytes); // replies come in order: awaiting the present covers it
    await display.present([r]);
  };
  const releaseHeld = async (): Promise<void> => {
    const h = held as Frame | undefined;
    held = undefined;
    await h?.release();
  };
  // Warm the daemon up on both paths before timing either.
  await rate(blit(small, cursor), 300);
  await rate(zeroCopy(small), 300);
  await releaseHeld();
  const blitSmall = await rate(blit(small, cursor));
  const zcSmall = await rate(zeroCopy(small));
  await releaseHeld();
  const zcWhole = await rate(zeroCopy(whole));
  await releaseHeld();
  const blitWhole = await rate(blit(whole, frame));
  display.close();
  await daemon.stop();
  const r = (v: number) => Math.round(v * 100) / 100;
  return {
    zero_copy_presents_per_s: Math.round(zcSmall),
    socket_round_trips_per_s: Math.round(floor.roundTripsPerS),
    zero_copy_ratio_vs_socket: r(zcSmall / floor.roundTripsPerS),
    zero_copy_ratio_goal: `>= ${ZERO_COPY_RATIO_GOAL}`,
    blit_presents_per_s: Math.round(blitSmall),
    zero_copy_vs_blit_small: r(zcSmall / blitSmall),
    zero_copy_vs_blit_full_frame: r(zcWhole / blitWhole),
  };
}
