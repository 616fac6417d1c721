/**
 * A system monitor: CPU and memory bars drawn straight into an RGBA buffer
 * (what a canvas library's getImageData returns) and presented with an
 * ImagePresenter, which sends only the bars that moved.
 *
 *   npx tsx examples/system-monitor.ts [--interval MS] [--frames N]
 */
import { cpus, freemem, loadavg, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { connect, ImagePresenter } from '../client/index.js';

const { values } = parseArgs({ options: { interval: { type: 'string', default: '500' }, frames: { type: 'string' } } });
const frames = values.frames === undefined ? Infinity : Number(values.frames);

await using display = await connect({ clientName: 'system-monitor example' });
const { width, height } = display;
const image = { width, height, data: new Uint8ClampedArray(width * height * 4) };
const presenter = new ImagePresenter(display);

function rect(x: number, y: number, w: number, h: number, [r, g, b]: number[]): void {
  for (let yy = y; yy < Math.min(height, y + h); yy++) {
    for (let xx = x; xx < Math.min(width, x + w); xx++) image.data.set([r, g, b, 255], (yy * width + xx) * 4);
  }
}

/** Busy fraction of each CPU since the previous sample. */
let previous = cpus().map((c) => c.times);
function cpuLoad(): number[] {
  const now = cpus().map((c) => c.times);
  const load = now.map((t, i) => {
    const p = previous[i];
    const idle = t.idle - p.idle;
    const total = t.user + t.nice + t.sys + t.irq + t.idle - (p.user + p.nice + p.sys + p.irq + p.idle);
    return total > 0 ? 1 - idle / total : 0;
  });
  previous = now;
  return load;
}

let stop = false;
process.once('SIGINT', () => (stop = true));
for (let n = 0; n < frames && !stop; n++) {
  rect(0, 0, width, height, [16, 20, 32]);
  const bars = [...cpuLoad(), 1 - freemem() / totalmem(), Math.min(1, loadavg()[0] / cpus().length)];
  const barH = Math.max(4, Math.floor((height - 8) / bars.length) - 6);
  bars.forEach((v, i) => {
    const y = 8 + i * (barH + 6);
    const isMem = i === bars.length - 2;
    rect(8, y, width - 16, barH, [40, 48, 64]);
    rect(8, y, Math.max(1, Math.round((width - 16) * v)), barH, isMem ? [80, 160, 255] : v > 0.8 ? [230, 60, 60] : [60, 200, 120]);
  });
  const seq = await presenter.present(image);
  if (seq !== undefined) await display.waitFrame(seq);
  await new Promise((r) => setTimeout(r, Number(values.interval)));
}
