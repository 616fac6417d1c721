import { open } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { loadSharp } from '../sharp-loader.js';
import { convertPixels, bytesPerPixel } from '../../protocol/pixel-format.js';
import { SpifbError } from '../../protocol/errors.js';
import { ImagePresenter } from '../present-image.js';
import { parseNumberArg, parseSizeArg, pause } from './args.js';
import { UsageError, type CliCommand } from './command.js';
import { readFbGeometry, type FbFormat, type FbGeometry } from './fb-geometry.js';

export const mirror: CliCommand = {
  summary: 'copy a framebuffer (/dev/fbN, or a file laid out as one) to the panel continuously, scaled',
  usage: `spifb mirror /dev/fbN [--fps N] [--count N] [--json]
       spifb mirror FILE --size WxH --format xrgb8888|rgb565 [--stride BYTES] [--fps N] [--count N] [--json]
         (runs until Ctrl-C, or --count reads; --json prints a summary at the end)`,
  streaming: true,
  async run(ctx) {
    const { values, positionals } = parseArgs({
      args: ctx.args,
      allowPositionals: true,
      options: {
        size: { type: 'string' }, format: { type: 'string' }, stride: { type: 'string' },
        fps: { type: 'string', default: '30' }, count: { type: 'string' },
      },
    });
    if (positionals.length !== 1) throw new UsageError('mirror takes one framebuffer device or file');
    const fps = parseNumberArg('--fps', values.fps, 0.1, 240);
    const count = values.count === undefined ? Infinity : parseNumberArg('--count', values.count, 1, Number.MAX_SAFE_INTEGER, true);
    let geometry: FbGeometry;
    if (values.size !== undefined || values.format !== undefined) {
      if (values.size === undefined || values.format === undefined) throw new UsageError('--size and --format go together');
      if (values.format !== 'xrgb8888' && values.format !== 'rgb565') throw new UsageError('--format must be xrgb8888 or rgb565');
      const { width, height } = parseSizeArg('--size', values.size);
      const minStride = width * bytesPerPixel(values.format);
      const stride = values.stride === undefined ? minStride : parseNumberArg('--stride', values.stride, minStride, 1 << 20, true);
      geometry = { width, height, stride, format: values.format as FbFormat };
    } else {
      geometry = await readFbGeometry(positionals[0]);
    }
    await runMirror(ctx, positionals[0], geometry, fps, count);
  },
};

async function runMirror(ctx: Parameters<CliCommand['run']>[0], source: string, fb: FbGeometry, fps: number, count: number): Promise<void> {
  let file;
  try {
    file = await open(source, 'r');
  } catch (err) {
    throw new SpifbError('ENO_DEVICE', `cannot open ${source}: ${(err as Error).message}`);
  }
  const display = await ctx.connect();
  const stats = { reads: 0, presented: 0, identical: 0, short: 0 };
  try {
    // Scale to fit, keeping the aspect ratio; the letterbox is cleared once.
    const k = Math.min(display.width / fb.width, display.height / fb.height);
    const w = Math.max(1, Math.round(fb.width * k));
    const h = Math.max(1, Math.round(fb.height * k));
    const at = { x: (display.width - w) >> 1, y: (display.height - h) >> 1 };
    if (w !== display.width || h !== display.height) {
      await display.fill(0);
      await display.present();
    }
    const presenter = new ImagePresenter(display, at);
    const length = fb.stride * fb.height;
    let raw = Buffer.alloc(length);
    let previous = Buffer.alloc(length);
    let hasPrevious = false;
    const rgb = new Uint8Array(fb.width * fb.height * 3);
    const interval = 1000 / fps;
    while (stats.reads < count && !ctx.signal.aborted) {
      const started = performance.now();
      const { bytesRead } = await file.read(raw, 0, length, 0);
      stats.reads++;
      if (bytesRead < length) {
        stats.short++; // a file being rewritten (or too small): try again next tick
      } else if (hasPrevious && raw.equals(previous)) {
        stats.identical++; // nothing changed on the source: no conversion, no socket traffic
      } else {
        [raw, previous] = [previous, raw];
        hasPrevious = true;
        for (let y = 0; y < fb.height; y++) {
          convertPixels(previous, y * fb.stride, fb.format, rgb, y * fb.width * 3, 'rgb888', fb.width);
        }
        const scaled = w === fb.width && h === fb.height ? rgb
          : await (await loadSharp())(rgb, { raw: { width: fb.width, height: fb.height, channels: 3 } }).resize(w, h, { fit: 'fill' }).raw().toBuffer();
        // The presenter sends only the box that changed after scaling, or nothing.
        const seq = await presenter.presentPixels(scaled, w, h, 'rgb888');
        if (seq !== undefined) {
          stats.presented++;
          await display.waitFrame(seq);
        }
      }
      if (stats.reads < count) await pause(interval - (performance.now() - started), ctx.signal);
    }
    if (ctx.json) ctx.out(JSON.stringify(stats));
  } finally {
    display.close();
    await file.close();
  }
}
