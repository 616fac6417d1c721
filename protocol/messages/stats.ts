export type StatsParams = Record<string, never>;

/** Streaming statistics over the last `windowMs` (frames and errors: since start). */
export interface StatsResult {
  frames: number;
  errors: number;
  fps: number;
  /** Modelled wire time / elapsed time, 0..1. */
  busUtilisation: number;
  bytesPerFrame: number;
  pixelsPerFrame: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  windowMs: number;
  /** Pixel clock the wire-time model uses, Hz. */
  busHz: number;
  /** Bus calls that failed (each retry counts), calls that then succeeded, and whether it is failing now. */
  busFailures: number;
  busRecoveries: number;
  busFailing: boolean;
}
