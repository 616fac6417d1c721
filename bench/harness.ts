/**
 * Shared bits of the benchmarks: timing by repetition (median of batches,
 * so a noisy neighbour on a shared machine moves the result less) and a
 * silent logger. Each bench file is one scenario and returns its figures.
 */
import { pino } from 'pino';

export const silent = pino({ level: 'silent' });

/** Median over `batches` of the mean time of `reps` calls, in microseconds. */
export function timeUs(fn: () => void, reps = 200, batches = 9): number {
  for (let i = 0; i < reps; i++) fn(); // warm up the JIT
  const results: number[] = [];
  for (let b = 0; b < batches; b++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < reps; i++) fn();
    results.push(Number(process.hrtime.bigint() - t0) / 1000 / reps);
  }
  results.sort((a, b) => a - b);
  return results[Math.floor(batches / 2)];
}

export function percentile(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))];
}

export type BenchResult = Record<string, number | string>;
