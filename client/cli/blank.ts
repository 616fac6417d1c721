import { parseArgs } from 'node:util';
import { UsageError, type CliCommand, type CliContext } from './command.js';
import { printPower } from './power-output.js';

async function setBlank(ctx: CliContext, on: boolean): Promise<void> {
  const { positionals } = parseArgs({ args: ctx.args, allowPositionals: true, options: {} });
  if (positionals.length !== 0) throw new UsageError(`${on ? 'blank' : 'unblank'} takes no arguments`);
  const display = await ctx.connect();
  try {
    printPower(ctx, await display.blank(on));
  } finally {
    display.close();
  }
}

export const blank: CliCommand = {
  summary: 'blank the panel (backlight off, display off, sleep); frames still reach its memory',
  usage: 'spifb blank [--json]',
  run: (ctx) => setBlank(ctx, true),
};

export const unblank: CliCommand = {
  summary: 'wake the panel and restore the backlight; it shows the latest frame',
  usage: 'spifb unblank [--json]',
  run: (ctx) => setBlank(ctx, false),
};
