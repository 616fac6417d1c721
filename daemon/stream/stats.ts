import type { StatsResult } from '../../protocol/messages/stats.js';

/** One finished frame, as the stats see it. */
export interface FrameSample {
  /** performance.now() when the frame left the wire. */
  at: number;
  bytes: number;
  pixels: number;
  /** Modelled wire time of the frame, ms. */
  wireMs: number;
  /** First present → on the wire, ms. */
  latencyMs: number;
}

/** The `stats` op's figures, less what the daemon adds (the bus clock and faults). */
export type StreamStats = Omit<StatsResult, 'busHz' | 'busFailures' | 'busRecoveries' | 'busFailing'>;

/**
 * Rolling statistics over the frames of the last `windowMs` (default 2 s),
 * kept in a ring of at most `capacity` samples so memory is fixed.
 */
export class FrameStats {
  private readonly ring: FrameSample[] = [];
  private head = 0;
  frames = 0;
  errors = 0;

  constructor(private readonly windowMs = 2000, private readonly capacity = 1024) {}

  record(sample: FrameSample): void {
    this.frames++;
    if (this.ring.length < this.capacity) this.ring.push(sample);
    else {
      this.ring[this.head] = sample;
      this.head = (this.head + 1) % this.capacity;
    }
  }

  snapshot(now = performance.now()): StreamStats {
    const recent = this.ring.filter((s) => now - s.at <= this.windowMs);
    const n = recent.length;
    const sum = (f: (s: FrameSample) => number): number => recent.reduce((a, s) => a + f(s), 0);
    const latencies = recent.map((s) => s.latencyMs).sort((a, b) => a - b);
    const pct = (p: number): number => (n === 0 ? 0 : latencies[Math.min(n - 1, Math.floor(p * n))]);
    // Elapsed: from the oldest sample's start of wire time to now, at most the window.
    const oldest = n === 0 ? now : Math.min(...recent.map((s) => s.at - s.wireMs));
    const elapsed = Math.max(1e-3, Math.min(this.windowMs, now - oldest));
    return {
      frames: this.frames,
      errors: this.errors,
      fps: n === 0 ? 0 : (n * 1000) / elapsed,
      busUtilisation: n === 0 ? 0 : Math.min(1, sum((s) => s.wireMs) / elapsed),
      bytesPerFrame: n === 0 ? 0 : sum((s) => s.bytes) / n,
      pixelsPerFrame: n === 0 ? 0 : sum((s) => s.pixels) / n,
      latencyP50Ms: pct(0.5),
      latencyP99Ms: pct(0.99),
      windowMs: this.windowMs,
    };
  }
}
