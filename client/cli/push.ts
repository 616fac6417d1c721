import { parseArgs } from 'node:util';
import { parseColour } from '../../protocol/colour.js';
import { loadImage, type Fit } from '../image.js';
import { UsageError, type CliCommand } from './command.js';

const FITS: Fit[] = ['contain', 'cover', 'fill'];

export const push: CliCommand = {
  summary: 'show an image (PNG, JPEG, WebP, GIF), scaled to fit',
  usage: 'spifb push IMAGE [--fit contain|cover|fill] [--background COLOUR]',
  async run(ctx) {
    const { values, positionals } = parseArgs({
      args: ctx.args,
      allowPositionals: true,
      options: { fit: { type: 'string', default: 'contain' }, background: { type: 'string', default: '#000000' } },
    });
    if (positionals.length !== 1) throw new UsageError('push takes one image');
    if (!FITS.includes(values.fit as Fit)) throw new UsageError(`--fit must be one of ${FITS.join(', ')}`);
    let background: number;
    try {
      background = parseColour(values.background);
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
    const display = await ctx.connect();
    try {
      const { width, height } = display;
      const rgb = await loadImage(positionals[0], width, height, values.fit as Fit, background);
      await display.blit({ x: 0, y: 0, w: width, h: height }, 'rgb888', rgb);
      await display.waitFrame(await display.present());
    } finally {
      display.close();
    }
  },
};
