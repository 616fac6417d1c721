/**
 * A video player: ffmpeg decodes and scales to the panel's size in RGB565
 * (the framebuffer's own format), and each frame is copied straight into a
 * slot of the daemon's shared buffer — zero copy over the socket; only the
 * pixels that changed go to the panel. `testsrc` plays ffmpeg's test pattern.
 *
 *   npx tsx examples/video-player.ts clip.mp4|testsrc [--frames N]
 */
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import { connect, SpifbError } from '../client/index.js';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { frames: { type: 'string' } } });
const input = positionals[0] ?? 'testsrc';
const frames = values.frames === undefined ? Infinity : Number(values.frames);

await using display = await connect({ clientName: 'video-player example' });
const { width, height } = display;
const source = input === 'testsrc' ? ['-f', 'lavfi', '-i', `testsrc=size=${width}x${height}:rate=30`] : ['-re', '-i', input];
const ffmpeg = spawn('ffmpeg', ['-loglevel', 'error', ...source,
  '-vf', `scale=${width}:${height}:force_original_aspect_ratio=decrease,pad=${width}:${height}:(ow-iw)/2:(oh-ih)/2`,
  '-f', 'rawvideo', '-pix_fmt', 'rgb565le', '-'], { stdio: ['ignore', 'pipe', 'pipe'] });
// ffmpeg's complaints matter only if it fails on its own, not when we stop it.
let ffmpegErrors = '';
let stopping = false;
ffmpeg.stderr.on('data', (d) => (ffmpegErrors += d));
ffmpeg.on('close', (code) => {
  if (code !== 0 && !stopping) console.error(`ffmpeg failed (${code}):\n${ffmpegErrors}`);
});
const stop = (): void => {
  stopping = true;
  ffmpeg.kill();
};
process.once('SIGINT', stop);

const frameBytes = width * height * 2;
let pending: Buffer = Buffer.alloc(0);
let shown = 0;
for await (const chunk of ffmpeg.stdout as AsyncIterable<Buffer>) {
  pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
  while (pending.length >= frameBytes && shown < frames) {
    const slot = await acquireSlot();
    for (let y = 0; y < height; y++) {
      slot.pixels.set(pending.subarray(y * width * 2, (y + 1) * width * 2), y * slot.stride);
    }
    pending = pending.subarray(frameBytes);
    // Waiting for each frame on the wire lets the panel set the pace.
    await display.waitVsync(await slot.present());
    shown++;
  }
  if (shown >= frames) break;
}
stop();
console.log(`${shown} frames`);

/** acquire(), waiting for a `release` while every slot is in use. */
async function acquireSlot(): ReturnType<typeof display.acquire> {
  for (;;) {
    // Listen first: the release can arrive right behind the ENO_SLOT reply.
    let onRelease!: () => void;
    const released = new Promise<void>((r) => (onRelease = r));
    display.once('release', onRelease);
    try {
      return await display.acquire();
    } catch (err) {
      if (!(err instanceof SpifbError) || err.code !== 'ENO_SLOT') throw err;
      await released;
    } finally {
      display.off('release', onRelease);
    }
  }
}
