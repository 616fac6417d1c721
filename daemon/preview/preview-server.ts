import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { FrameEvent } from '../../protocol/messages/present.js';
import type { Rect } from '../../protocol/rect.js';
import type { Display } from '../display/display.js';
import { cropRgb } from './damage.js';
import { PREVIEW_PAGE } from './page.js';
import { PreviewFrames } from './preview-frames.js';
import { DEFAULT_STREAM_LIMITS, EventStreams, type StreamLimits } from './event-streams.js';
import { hostChecker } from './host-check.js';

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
 *
 * Read-only and for this machine's browser: GET and HEAD only (405), a Host
 * other than the bound address is refused (421, see host-check.ts), and
 * `/events` streams are capped and never waited for (event-streams.ts).
 */
export async function startPreview(display: Display, port: number, host: string, logger: Logger,
  limits: Partial<StreamLimits> = {}): Promise<Preview> {
  const watchers = new EventStreams({ ...DEFAULT_STREAM_LIMITS, ...limits }, logger);
  let hostAllowed: (host: string | undefined) => boolean = () => false;
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
    watchers.send(line);
  };
  const onFrame = (ev: FrameEvent): void => {
    frames.invalidate();
    lastFrame = ev;
    if (timer || watchers.size === 0) return;
    timer = setTimeout(announce, Math.max(0, MIN_ANNOUNCE_MS - (performance.now() - lastAnnounce)));
  };
  display.onFrame(onFrame);

  const server = createServer((req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      refuse(res, 405, 'the preview is read-only: GET and HEAD only\n', { allow: 'GET, HEAD' });
      return;
    }
    if (!hostAllowed(req.headers.host)) {
      // A DNS-rebinding page names its own host; only the bound address is served.
      refuse(res, 421, 'this preview answers only to its own address (Host header)\n');
      return;
    }
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
      if (watchers.full) {
        refuse(res, 503, 'too many preview streams open\n', { 'retry-after': '5' });
        return;
      }
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
      if (req.method === 'HEAD') {
        res.end();
        return;
      }
      res.write(': spifb\n\n');
      watchers.add(res);
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const { port: bound, address } = server.address() as AddressInfo;
  hostAllowed = hostChecker(address, bound);
  logger.debug({ port: bound, address }, 'preview listening');
  return {
    url: `http://${address.includes(':') ? `[${address}]` : host}:${bound}/`,
    close: () => new Promise<void>((resolve) => {
      display.offFrame(onFrame);
      clearTimeout(timer);
      watchers.closeAll();
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

function refuse(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'text/plain', connection: 'close', ...headers }).end(text);
}

function regionOf(q: URLSearchParams, width: number, height: number): Rect | undefined {
  const [x, y, w, h] = ['x', 'y', 'w', 'h'].map((k) => Number(q.get(k) ?? '0'));
  const ok = [x, y, w, h].every(Number.isInteger) && x >= 0 && y >= 0 && w >= 1 && h >= 1 && x + w <= width && y + h <= height;
  return ok ? { x, y, w, h } : undefined;
}
