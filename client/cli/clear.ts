import { parseArgs } from 'node:util';
import { parseColourArg } from './args.js';
import { UsageError, type CliCommand } from './command.js';

export const clear: CliCommand = {
  summary: 'clear the screen to black (or --colour)',
  usage: 'spifb clear [--colour COLOUR]',
  async run(ctx) {
    const { values, positionals } = parseArgs({
      args: ctx.args, allowPositionals: true, options: { colour: { type: 'string', default: '#000000' } },
    });
    if (positionals.length !== 0) throw new UsageError('clear takes no arguments');
    const color = parseColourArg('--colour', values.colour);
    const display = await ctx.connect();
    try {
      await display.fill(color);
      await display.waitFrame(await display.present());
    } finally {
      display.close();
    }
  },
};
