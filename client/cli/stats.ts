import { parseArgs } from 'node:util';
import type { StatsResult } from '../../protocol/messages/stats.js';
import { parseNumberArg, pause } from './args.js';
import { UsageError, type CliCommand } from './command.js';

function describe(s: StatsResult): string {
  return `frames ${s.frames}  errors ${s.errors}  ${s.fps.toFixed(1)} fps  bus ${(s.busUtilisation * 100).toFixed(1)}%  `
    + `${Math.round(s.bytesPerFrame)} B/frame  latency p50 ${s.latencyP50Ms.toFixed(1)} ms p99 ${s.latencyP99Ms.toFixed(1)} ms`;
}

export const stats: CliCommand = {
  summary: 'streaming statistics: fps, bus utilisation, latency (--watch: live)',
  usage: 'spifb stats [--watch] [--interval MS] [--count N] [--json]   (--json with --watch: one JSON object a line)',
  streaming: true,
  async run(ctx) {
    const { values, positionals } = parseArgs({
      args: ctx.args,
      allowPositionals: true,
      options: { watch: { type: 'boolean', default: false }, interval: { type: 'string', default: '1000' }, count: { type: 'string' } },
    });
    if (positionals.length !== 0) throw new UsageError('stats takes no arguments');
    const interval = parseNumberArg('--interval', values.interval, 10, 3_600_000, true);
    const count = values.count === undefined ? Infinity : parseNumberArg('--count', values.count, 1, Number.MAX_SAFE_INTEGER, true);
    const display = await ctx.connect();
    try {
      if (!values.watch) {
        const s = await display.stats();
        ctx.out(ctx.json ? JSON.stringify(s) : describe(s));
        return;
      }
      for (let n = 0; n < count && !ctx.signal.aborted; n++) {
        if (n > 0) await pause(interval, ctx.signal);
        if (ctx.signal.aborted) break;
        const s = await display.stats();
        // A terminal gets one line redrawn in place; a pipe gets a line per sample.
        if (ctx.json) ctx.out(JSON.stringify(s));
        else if (ctx.isTTY) ctx.progress(describe(s));
        else ctx.out(describe(s));
      }
    } finally {
      display.close();
    }
  },
};
