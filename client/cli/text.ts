import { parseArgs } from 'node:util';
import { blendOver, renderText } from '../text-render.js';
import { parseColourArg, parseNumberArg, parsePointArg } from './args.js';
import { UsageError, type CliCommand } from './command.js';

export const text: CliCommand = {
  summary: 'draw a line of text (rendered here, in local fonts)',
  usage: 'spifb text "hello" [--size 24] [--at x,y] [--colour COLOUR] [--background COLOUR]   (no background: drawn over what is shown)',
  async run(ctx) {
    const { values, positionals } = parseArgs({
      args: ctx.args,
      allowPositionals: true,
      options: {
        size: { type: 'string', default: '24' }, at: { type: 'string', default: '0,0' },
        colour: { type: 'string', default: '#ffffff' }, color: { type: 'string' }, background: { type: 'string' },
      },
    });
    if (positionals.length !== 1) throw new UsageError('text takes one string (quote it)');
    const size = parseNumberArg('--size', values.size, 4, 512, true);
    const at = parsePointArg('--at', values.at);
    const colour = parseColourArg('--colour', values.color ?? values.colour);
    const background = values.background === undefined ? undefined : parseColourArg('--background', values.background);
    const display = await ctx.connect();
    try {
      if (at.x >= display.width || at.y >= display.height) throw new UsageError(`--at ${at.x},${at.y} is off the ${display.width}x${display.height} screen`);
      const maxW = display.width - at.x;
      const maxH = display.height - at.y;
      const lineH = Math.min(maxH, Math.ceil(size * 1.25));
      // With a background the whole line box is painted, so a shorter text replaces a longer one cleanly.
      if (background !== undefined) await display.fill(background, { x: at.x, y: at.y, w: maxW, h: lineH });
      const ink = await renderText(positionals[0], size, colour, maxW, maxH);
      if (ink) {
        const rect = { x: at.x + ink.dx, y: at.y + ink.dy, w: ink.width, h: ink.height };
        const under = new Uint8Array(ink.width * ink.height * 3);
        if (background !== undefined) {
          for (let i = 0; i < ink.width * ink.height; i++) under.set([background >> 16, (background >> 8) & 0xff, background & 0xff], i * 3);
        } else {
          // Blend over what the panel shows now, read back from it.
          const shot = await display.snapshot('screen');
          for (let y = 0; y < rect.h; y++) {
            const from = ((rect.y + y) * shot.width + rect.x) * 3;
            under.set(shot.pixels.subarray(from, from + rect.w * 3), y * rect.w * 3);
          }
        }
        blendOver(ink.rgba, under, ink.width * ink.height);
        await display.blit(rect, 'rgb888', under);
      }
      const damage = background !== undefined ? { x: at.x, y: at.y, w: maxW, h: lineH } : undefined;
      if (damage || ink) await display.waitFrame(await display.present(damage ? [damage] : [{ x: at.x + ink!.dx, y: at.y + ink!.dy, w: ink!.width, h: ink!.height }]));
      if (ctx.json) ctx.out(JSON.stringify({ inked: ink ? { x: at.x + ink.dx, y: at.y + ink.dy, w: ink.width, h: ink.height } : null }));
    } finally {
      display.close();
    }
  },
};
