import { parseArgs } from 'node:util';
import { UsageError, type CliCommand } from './command.js';

const ROTATIONS = [0, 90, 180, 270];

/**
 * spifbd fixes the rotation at start-up (MADCTL, the framebuffer's geometry
 * and every client's mapping depend on it) and has no op to change it live,
 * so `rotate R` explains how instead of pretending; `rotate` alone reports it.
 */
export const rotate: CliCommand = {
  summary: 'show the rotation; changing it needs a daemon restart (explained)',
  usage: 'spifb rotate [0|90|180|270] [--json]',
  async run(ctx) {
    const { positionals } = parseArgs({ args: ctx.args, allowPositionals: true, options: {} });
    if (positionals.length > 1) throw new UsageError('rotate takes at most one angle');
    const wanted = positionals.length === 1 ? Number(positionals[0]) : undefined;
    if (wanted !== undefined && !ROTATIONS.includes(wanted)) throw new UsageError('the angle must be 0, 90, 180 or 270');
    const display = await ctx.connect();
    let current: number;
    try {
      current = (await display.refreshInfo()).rotation;
    } finally {
      display.close();
    }
    if (wanted === undefined || wanted === current) {
      ctx.out(ctx.json ? JSON.stringify({ rotation: current }) : `rotation ${current}`);
      return;
    }
    throw new UsageError(`spifbd cannot change the rotation while it runs (it is ${current}); `
      + `restart it with --rotation ${wanted} or set "rotation": ${wanted} in its config (systemctl restart spifbd@fb0)`);
  },
};
