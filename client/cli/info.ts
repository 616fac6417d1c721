import type { CliCommand } from './command.js';

export const info: CliCommand = {
  summary: 'geometry, stride, pixel format, panel, bus, fps',
  usage: 'spifb info [--json]',
  async run(ctx) {
    const display = await ctx.connect();
    try {
      const i = await display.refreshInfo();
      if (ctx.json) return ctx.out(JSON.stringify(i));
      ctx.out([
        `panel      ${i.panel} (${i.controller}), rotation ${i.rotation}`,
        `geometry   ${i.width}x${i.height}, stride ${i.stride} bytes, format ${i.format}`,
        `wire       ${i.wireFormat} over ${i.bus}`,
        `fps cap    ${i.fps === 0 ? 'none' : i.fps}`,
        `frames     ${i.frameSeq} sent`,
      ].join('\n'));
    } finally {
      display.close();
    }
  },
};
