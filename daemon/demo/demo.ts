import type { Rect } from '../../protocol/rect.js';
import type { Display } from '../display/display.js';
import { digitRects } from './seven-segment.js';

const BARS = [0xffffff, 0xffff00, 0x00ffff, 0x00ff00, 0xff00ff, 0xff0000, 0x0000ff, 0x000000];
const BACKGROUND = 0x102030;

/**
 * `--demo`: a test pattern (colour bars; red, green, blue and white corner
 * marks, so a wrong rotation or colour order is obvious) and a clock that
 * ticks once a second — only the clock's area changes, as in a real app.
 * Returns the function that stops it.
 */
export function startDemo(display: Display): () => void {
  const surface = display.drawSurface();
  const { width, height } = surface;
  surface.fill({ x: 0, y: 0, w: width, h: height }, BACKGROUND);
  const barH = Math.floor(height / 3);
  BARS.forEach((color, i) => {
    const x0 = Math.floor((i * width) / BARS.length);
    const x1 = Math.floor(((i + 1) * width) / BARS.length);
    surface.fill({ x: x0, y: 0, w: x1 - x0, h: barH }, color);
  });
  const m = Math.max(8, Math.floor(Math.min(width, height) / 16));
  surface.fill({ x: 0, y: height - m, w: m, h: m }, 0x0000ff);
  surface.fill({ x: width - m, y: height - m, w: m, h: m }, 0xffffff);
  surface.fill({ x: 0, y: barH, w: m, h: m }, 0xff0000);
  surface.fill({ x: width - m, y: barH, w: m, h: m }, 0x00ff00);

  // Six digits and two colons across 80 % of the width.
  const cellW = Math.floor((width * 0.8) / 7);
  const cellH = Math.min(Math.floor(cellW * 1.8), Math.floor(height / 3));
  const t = Math.max(2, Math.floor(cellW / 6));
  const clock: Rect = { x: Math.floor(width * 0.1), y: barH + Math.floor((height - barH - cellH) / 2), w: cellW * 7, h: cellH };

  const tick = (): void => {
    const now = new Date();
    const digits = [now.getHours(), now.getMinutes(), now.getSeconds()]
      .flatMap((v) => [Math.floor(v / 10), v % 10]);
    surface.fill(clock, BACKGROUND);
    let x = clock.x;
    digits.forEach((d, i) => {
      for (const r of digitRects(d, x, clock.y, cellW - t, cellH, t)) surface.fill(r, 0xffa000);
      x += cellW;
      if (i === 1 || i === 3) {
        const cx = x + Math.floor(cellW / 4 - t / 2);
        surface.fill({ x: cx, y: clock.y + Math.floor(cellH / 3), w: t, h: t }, 0xffa000);
        surface.fill({ x: cx, y: clock.y + Math.floor((2 * cellH) / 3), w: t, h: t }, 0xffa000);
        x += Math.floor(cellW / 2);
      }
    });
    display.present();
  };
  tick();
  const timer = setInterval(tick, 1000);
  return () => clearInterval(timer);
}
