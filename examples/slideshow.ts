/**
 * An image slideshow: each image is decoded and scaled here with sharp (the
 * daemon never opens files) and presented in one call. Without arguments it
 * shows generated gradients.
 *
 *   npx tsx examples/slideshow.ts [IMAGE…] [--interval MS] [--frames N]
 */
import { parseArgs } from 'node:util';
import sharp, { type Sharp } from 'sharp';
import { connect, presentSharp } from '../client/index.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { interval: { type: 'string', default: '3000' }, frames: { type: 'string' } },
});
const frames = values.frames === undefined ? Infinity : Number(values.frames);

/** A generated slide: a diagonal gradient between two colours. */
function gradient(i: number): Sharp {
  const hues = ['#e63946', '#457b9d', '#2a9d8f', '#e9c46a', '#6d597a'];
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="320" height="240"><defs><linearGradient id="g" x2="1" y2="1">
    <stop offset="0" stop-color="${hues[i % hues.length]}"/><stop offset="1" stop-color="${hues[(i + 2) % hues.length]}"/></linearGradient></defs>
    <rect width="100%" height="100%" fill="url(#g)"/></svg>`;
  return sharp(Buffer.from(svg));
}

await using display = await connect({ clientName: 'slideshow example' });
let stop = false;
process.once('SIGINT', () => (stop = true));
for (let i = 0; i < frames && !stop; i++) {
  const slide = positionals.length > 0 ? sharp(positionals[i % positionals.length]).rotate() : gradient(i);
  const seq = await presentSharp(display, slide, { fit: 'contain' });
  if (seq !== undefined) await display.waitFrame(seq);
  if (i + 1 < frames) await new Promise((r) => setTimeout(r, Number(values.interval)));
}
