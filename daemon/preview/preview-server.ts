import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { FrameEvent } from '../../protocol/messages/present.js';
import type { Rect } from '../../protocol/rect.js';
import type { Display } from '../display/display.js';
import { cropRgb } from './damage.js';
import { PREVIEW_PAGE } from './page.js';
import { PreviewFrames } from './preview-frames.js';

export interface Preview {
  url: string;
  close(): Promise<void>;
}

/** The preview redraws at most this often, however fast frames go out: a browser view needs no more. */
const MIN_ANNOUNCE_MS = 16;

/**
 * `--preview PORT`: a live view of the panel for a browser. What it shows is
 * read back from the simulated glass, never from the framebuffer, so it shows
 * exactly what the decoded bytes produced. Loopback by default.
 *
 * Only damaged regions travel: on a frame event the glass is read back once,
 * diffed against what was announced, and the SSE `/events` message carries
 * the changed rectangles (plus the `stats` op's numbers); the page fetches
 * `/screen.rgb?x=&y=&w=&h=` for each. Nothing runs without frames or without
 * a browser watching.
 */
export async function startPreview(display: Display, port: number, host: string, logger: Logger): Promise<Preview> {
  const watchers = new Set<ServerResponse>();
  const frames = new PreviewFrames(display);
  let lastFrame: FrameEvent | undefined;
  let timer: NodeJS.Timeout | undefined;
  let lastAnnounce = 0;

  const announce = (): void => {
    timer = undefined;
    lastAnnounce = performance.now();
    if (watchers.size === 0) return;
    const rects = frames.changes();
    const stats = display.stats();
    const line = `data: ${JSON.stringify({ ...lastFrame, rects, version: frames.version, stats })}\n\n`;
    for (const res of watchers) res.write(line);
  };
  const onFrame = (ev: FrameEvent): void => {
    frames.invalidate();
    lastFrame = ev;
    if (timer || watchers.size === 0) return;
    timer = setTimeout(announce, Math.max(0, MIN_ANNOUNCE_MS - (performance.now() - lastAnnounce)));
  };
  display.onFrame(onFrame);

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://preview');
    if (url.pathname === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PREVIEW_PAGE);
    } else if (url.pathname === '/screen.rgb') {
      const shot = frames.current();
      const whole = { x: 0, y: 0, w: shot.width, h: shot.height };
      const rect = url.searchParams.has('w') ? regionOf(url.searchParams, shot.width, shot.height) : whole;
      if (!rect) {
        res.writeHead(400, { 'content-type': 'text/plain' }).end(`EBAD_RECT: want integers x,y,w,h inside ${shot.width}x${shot.height}\n`);
        return;
      }
      res.writeHead(200, {
        'content-type': 'application/octet-stream',
        'cache-control': 'no-store',
        'x-width': String(shot.width),
        'x-height': String(shot.height),
        'x-rect': `${rect.x},${rect.y},${rect.w},${rect.h}`,
        'x-version': String(frames.version),
      }).end(rect === whole ? shot.pixels : cropRgb(shot.pixels, shot.width, rect));
    } else if (url.pathname === '/info') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(display.info()));
    } else if (url.pathname === '/events') {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
      res.write(': spifb\n\n');
      watchers.add(res);
      req.on('close', () => watchers.delete(res));
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const { port: bound } = server.address() as AddressInfo;
  logger.debug({ port: bound }, 'preview listening');
  return {
    url: `http://${host}:${bound}/`,
    close: () => new Promise<void>((resolve) => {
      display.offFrame(onFrame);
      clearTimeout(timer);
      for (const res of watchers) res.end();
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

function regionOf(q: URLSearchParams, width: number, height: number): Rect | undefined {
  const [x, y, w, h] = ['x', 'y', 'w', 'h'].map((k) => Number(q.get(k) ?? '0'));
  const ok = [x, y, w, h].every(Number.isInteger) && x >= 0 && y >= 0 && w >= 1 && h >= 1 && x + w <= width && y + h <= height;
  return ok ? { x, y, w, h } : undefined;
}
