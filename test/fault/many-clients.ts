import { connect } from '../../client/connect.js';
import type { Display } from '../../client/display.js';

export interface ManyClientsResult {
  clients: number;
  seconds: number;
  /** Presents each client saw arrive on the wire. */
  framesPerClient: number[];
  latencyMs: { p50: number; p99: number; max: number };
  /** Errors any client met (empty when all went well). */
  errors: string[];
  /** Tiles whose final pixels are not the colour their client drew last. */
  wrongTiles: number[];
}

const COLS = 8;

/** Tile i of a COLS-wide grid over the screen. */
function tile(i: number, n: number, width: number, height: number): { x: number; y: number; w: number; h: number } {
  const rows = Math.ceil(n / COLS);
  const w = Math.floor(width / COLS);
  const h = Math.floor(height / rows);
  return { x: (i % COLS) * w, y: Math.floor(i / COLS) * h, w, h };
}

/**
 * `n` SDK clients draw at once for `seconds`, each into its own tile: fill,
 * present, wait for that frame. Checks nothing itself; returns what a test
 * (or the soak script) asserts on.
 */
export async function runManyClients(socket: string, n: number, seconds: number): Promise<ManyClientsResult> {
  const displays: Display[] = await Promise.all(Array.from({ length: n }, (_, i) => connect({ socket, clientName: `c${i}` })));
  const latencies: number[] = [];
  const errors: string[] = [];
  const frames = new Array<number>(n).fill(0);
  const last = new Array<number>(n).fill(0);
  const end = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(displays.map(async (d, i) => {
    const rect = tile(i, n, d.width, d.height);
    try {
      while (performance.now() < end) {
        // A colour unique to (client, frame), exact in rgb565: 5/6/5 bits.
        const k = frames[i];
        const colour = ((i * 8) << 16) | (((k * 4) & 0xfc) << 8) | ((k * 8) & 0xf8);
        await d.fill(colour, rect);
        const t0 = performance.now();
        const seq = await d.present([rect]);
        await d.waitFrame(seq, 10_000);
        latencies.push(performance.now() - t0);
        last[i] = colour;
        frames[i]++;
      }
    } catch (err) {
      errors.push(`client ${i}: ${(err as Error).message}`);
    }
  }));
  const secondsTaken = (performance.now() - started) / 1000;
  const shot = await displays[0].snapshot();
  const wrongTiles: number[] = [];
  for (let i = 0; i < n; i++) {
    const r = tile(i, n, shot.width, shot.height);
    const o = ((r.y + (r.h >> 1)) * shot.width + r.x + (r.w >> 1)) * 3;
    const c = (shot.pixels[o] << 16) | (shot.pixels[o + 1] << 8) | shot.pixels[o + 2];
    // rgb565 replication fills the low bits; compare the top 5/6/5 bits.
    if ((c & 0xf8fcf8) !== (last[i] & 0xf8fcf8)) wrongTiles.push(i);
  }
  for (const d of displays) d.close();
  latencies.sort((a, b) => a - b);
  const q = (p: number): number => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0;
  return {
    clients: n, seconds: secondsTaken, framesPerClient: frames,
    latencyMs: { p50: q(0.5), p99: q(0.99), max: latencies[latencies.length - 1] ?? 0 }, errors, wrongTiles,
  };
}
