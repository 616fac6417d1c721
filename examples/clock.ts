/**
 * A clock: renders the time as SVG text with sharp and presents it through
 * an ImagePresenter, so each second only the digits that changed cross the
 * socket (and the daemon sends only those pixels to the panel).
 *
 *   npx tsx examples/clock.ts [--frames N] [--interval MS]
 */
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { connect, ImagePresenter, presentSharp } from '../client/index.js';

const { values } = parseArgs({ options: { frames: { type: 'string' }, interval: { type: 'string', default: '1000' } } });
const frames = values.frames === undefined ? Infinity : Number(values.frames);
const interval = Number(values.interval);

await using display = await connect({ clientName: 'clock example' });
const presenter = new ImagePresenter(display);
let stop = false;
process.once('SIGINT', () => (stop = true));

for (let n = 0; n < frames && !stop; n++) {
  const now = new Date();
  const time = now.toTimeString().slice(0, 8);
  const date = now.toDateString();
  const { width: w, height: h } = display;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}">
    <rect width="100%" height="100%" fill="#101828"/>
    <text x="50%" y="48%" text-anchor="middle" font-family="DejaVu Sans Mono, monospace" font-size="${Math.floor(w / 6)}" fill="#f5f5f5">${time}</text>
    <text x="50%" y="62%" text-anchor="middle" font-family="DejaVu Sans, sans-serif" font-size="${Math.floor(w / 16)}" fill="#8899aa">${date}</text>
  </svg>`;
  const seq = await presentSharp(display, sharp(Buffer.from(svg)), { presenter });
  if (seq !== undefined) await display.waitVsync(seq);
  await new Promise((r) => setTimeout(r, interval - (Date.now() % interval)));
}
