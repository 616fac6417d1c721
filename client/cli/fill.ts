import { parseArgs } from 'node:util';
import { parseColour } from '../../protocol/colour.js';
import { SpifbError } from '../../protocol/errors.js';
import { UsageError, type CliCommand } from './command.js';
import { parseRectArg } from './rect-arg.js';

export const fill: CliCommand = {
  summary: 'fill the screen, or a rectangle, with one colour',
  usage: 'spifb fill COLOUR [--rect x,y,w,h]    e.g. spifb fill "#ff8800"',
  async run(ctx) {
    const { values, positionals } = parseArgs({
      args: ctx.args, allowPositionals: true, options: { rect: { type: 'string' } },
    });
    if (positionals.length !== 1) throw new UsageError('fill takes one colour');
    let color: number;
    try {
      color = parseColour(positionals[0]);
    } catch (err) {
      throw new UsageError((err as SpifbError).message);
    }
    const rect = values.rect === undefined ? undefined : parseRectArg(values.rect);
    const display = await ctx.connect();
    try {
      await display.fill(color, rect);
      await display.waitFrame(await display.present(rect ? [rect] : undefined));
    } finally {
      display.close();
    }
  },
};
