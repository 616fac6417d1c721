import { bytesPerPixel } from '../../protocol/pixel-format.js';
import { parseNumberArg, parseSizeArg, pause } from './args.js';
import type { CliContext } from './command.js';
import { readFrames, trailing } from './raw-frames.js';
import { RawTarget, type RawFormat } from './raw-target.js';

export type { RawFormat } from './raw-target.js';
export const RAW_FORMATS: RawFormat[] = ['rgb565', 'rgb888', 'rgba8888'];

export interface RawOptions {
  format: RawFormat;
  size: string;
  fps?: string;
  /** Force the copying path (blit over the socket) instead of the shared buffer. */
  blit: boolean;
}

/** What `push --raw` reports at the end (`--json`) and in its progress line. */
export interface RawSummary {
  /** Whole frames read from stdin. */
  frames: number;
  /** Frames presented to the daemon. */
  presented: number;
  /** Frames skipped here for being late (--fps). */
  skipped: number;
  /** Frames not shown: skipped here for being late (--fps), or replaced in the daemon by a newer one before reaching the wire. */
  dropped: number;
  /** Distinct frames on the wire that carried these presents. */
  onWire: number;
  /** Bytes of an incomplete last frame, ignored. */
  trailingBytes: number;
  fps: number;
  path: 'blit' | 'zero-copy';
}

/**
 * `push --raw FORMAT --size WxH -`: a stream of raw frames from stdin.
 *
 * Pacing: without --fps each frame waits until the previous one is on the
 * wire, so the panel sets the pace and nothing is dropped (a pipe from
 * ffmpeg simply blocks). With --fps N frames are due every 1000/N ms; one
 * that is already a whole interval late is skipped rather than shown late,
 * and presents are not awaited on the wire (the daemon shows the latest).
 */
export async function pushRaw(ctx: CliContext, opts: RawOptions): Promise<void> {
  const { width, height } = parseSizeArg('--size', opts.size);
  const fps = opts.fps === undefined ? 0 : parseNumberArg('--fps', opts.fps, 0.01, 1000);
  const frameBytes = width * height * bytesPerPixel(opts.format);
  const display = await ctx.connect();
  const seqs = new Set<number>();
  let frames = 0;
  let skipped = 0;
  let lastSeq = 0;
  let started = performance.now();
  let lastProgress = 0;
  const summary = (): RawSummary => {
    const elapsed = (performance.now() - started) / 1000;
    const presented = frames - skipped;
    return {
      frames, presented, skipped, dropped: frames - seqs.size, onWire: seqs.size, trailingBytes: trailing(ctx.stdin),
      fps: elapsed > 0 ? Math.round((presented / elapsed) * 10) / 10 : 0, path: opts.blit || !target.zeroCopyWorks ? 'blit' : 'zero-copy',
    };
  };
  const target = new RawTarget(display, width, height, opts.format);
  try {
    const interval = fps > 0 ? 1000 / fps : 0;
    for await (const frame of readFrames(ctx.stdin, frameBytes, ctx.signal)) {
      const index = frames++;
      // The clock starts when the first frame is shown: a slow producer
      // start-up (ffmpeg opening a file) or the first mapping is not "late".
      if (interval > 0 && index > 0) {
        const due = started + (index - 1) * interval;
        const now = performance.now();
        if (now - due >= interval) {
          skipped++;
          continue;
        }
        await pause(due - now, ctx.signal);
      }
      lastSeq = await target.present(frame, opts.blit);
      seqs.add(lastSeq);
      if (index === 0) started = performance.now();
      if (interval === 0) await display.waitFrame(lastSeq);
      const now = performance.now();
      if (now - lastProgress >= 250) {
        lastProgress = now;
        const s = summary();
        ctx.progress(`frames ${s.frames}  ${s.fps} fps  dropped ${s.dropped}`);
      }
    }
    // Everything presented is on the glass before we say we are done.
    if (lastSeq > 0) await display.waitFrame(lastSeq);
    const s = summary();
    if (ctx.json) ctx.out(JSON.stringify(s));
    else ctx.progress(`frames ${s.frames}  ${s.fps} fps  dropped ${s.dropped}  (done)`);
  } finally {
    display.close();
  }
}
