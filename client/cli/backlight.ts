import { parseArgs } from 'node:util';
import { parseNumberArg } from './args.js';
import { UsageError, type CliCommand } from './command.js';
import { printPower } from './power-output.js';

export const backlight: CliCommand = {
  summary: 'set the backlight, 0 (off) to 100 (full)',
  usage: 'spifb backlight LEVEL [--json]   LEVEL 0..100',
  async run(ctx) {
    const { positionals } = parseArgs({ args: ctx.args, allowPositionals: true, options: {} });
    if (positionals.length !== 1) throw new UsageError('backlight takes one level, 0..100');
    const level = parseNumberArg('LEVEL', positionals[0], 0, 100, true);
    const display = await ctx.connect();
    try {
      printPower(ctx, await display.backlight(level));
    } finally {
      display.close();
    }
  },
};
