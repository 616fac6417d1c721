import { parseArgs } from 'node:util';
import { loadImage, type Fit } from '../image.js';
import { parseColourArg, parseNumberArg, pause } from './args.js';
import { UsageError, type CliCommand } from './command.js';
import { pushRaw, RAW_FORMATS, type RawFormat } from './push-raw.js';

const FITS: Fit[] = ['contain', 'cover', 'fill'];

export const push: CliCommand = {
  summary: 'show images (PNG, JPEG, WebP, GIF) scaled to fit, a slideshow, or raw frames from stdin',
  usage: `spifb push IMAGE… [--fit contain|cover|fill] [--background COLOUR] [--rotate 0|90|180|270] [--interval SECONDS] [--loop]
       spifb push --raw rgb565|rgb888|rgba8888 --size WxH [--fps N] [--blit] [--json] -
         (several images: one every --interval seconds, default 5, once or --loop until Ctrl-C;
          --raw: frames of exactly W*H pixels from stdin, e.g. ffmpeg … -f rawvideo -pix_fmt rgb565le -;
          written into the shared buffer (zero-copy), or sent over the socket with --blit)`,
  streaming: true,
  async run(ctx) {
    const { values, positionals } = parseArgs({
      args: ctx.args,
      allowPositionals: true,
      options: {
        fit: { type: 'string', default: 'contain' },
        background: { type: 'string', default: '#000000' },
        rotate: { type: 'string', default: '0' },
        interval: { type: 'string', default: '5' },
        loop: { type: 'boolean', default: false },
        raw: { type: 'string' },
        size: { type: 'string' },
        fps: { type: 'string' },
        blit: { type: 'boolean', default: false },
      },
    });
    if (values.raw !== undefined) {
      if (!RAW_FORMATS.includes(values.raw as RawFormat)) throw new UsageError(`--raw must be one of ${RAW_FORMATS.join(', ')}`);
      if (positionals.length !== 1 || positionals[0] !== '-') throw new UsageError('push --raw reads frames from stdin: give - as the input');
      if (values.size === undefined) throw new UsageError('push --raw needs --size WxH');
      return pushRaw(ctx, { format: values.raw as RawFormat, size: values.size, fps: values.fps, blit: values.blit });
    }
    if (positionals.length === 0) throw new UsageError('push takes at least one image');
    if (!FITS.includes(values.fit as Fit)) throw new UsageError(`--fit must be one of ${FITS.join(', ')}`);
    const background = parseColourArg('--background', values.background);
    const rotate = Number(values.rotate);
    if (![0, 90, 180, 270].includes(rotate)) throw new UsageError('--rotate must be 0, 90, 180 or 270');
    const intervalMs = parseNumberArg('--interval', values.interval, 0, 86_400) * 1000;
    const display = await ctx.connect();
    try {
      const { width, height } = display;
      // Decode the next image while the current one is shown, so the
      // interval is the time between images, not interval + decode time.
      const load = (i: number): Promise<Buffer> => loadImage(positionals[i % positionals.length], width, height, values.fit as Fit, background, rotate);
      let next = load(0);
      for (let i = 0; ; i++) {
        const rgb = await next;
        const shownAt = performance.now();
        await display.blit({ x: 0, y: 0, w: width, h: height }, 'rgb888', rgb);
        await display.waitFrame(await display.present());
        const last = i + 1 >= positionals.length && !values.loop;
        if (last || ctx.signal.aborted) break;
        next = load(i + 1);
        next.catch(() => {}); // reported when awaited
        await pause(Math.max(0, intervalMs - (performance.now() - shownAt)), ctx.signal);
        if (ctx.signal.aborted) break;
      }
    } finally {
      display.close();
    }
  },
};
