import { parseArgs } from 'node:util';
import { savePng } from '../image.js';
import { UsageError, type CliCommand } from './command.js';

export const snapshot: CliCommand = {
  summary: 'save what the panel shows now as a PNG',
  usage: 'spifb snapshot OUT.png [--glass]   (--glass: the physical glass, unrotated)',
  async run(ctx) {
    const { values, positionals } = parseArgs({
      args: ctx.args, allowPositionals: true, options: { glass: { type: 'boolean', default: false } },
    });
    if (positionals.length !== 1) throw new UsageError('snapshot takes one output file');
    const display = await ctx.connect();
    try {
      const shot = await display.snapshot(values.glass ? 'glass' : 'screen');
      await savePng(positionals[0], shot.width, shot.height, shot.pixels);
      if (ctx.json) ctx.out(JSON.stringify({ file: positionals[0], width: shot.width, height: shot.height, source: shot.source }));
    } finally {
      display.close();
    }
  },
};
