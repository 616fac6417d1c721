import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { FrameEvent } from '../../protocol/messages/present.js';
import type { Display } from '../display.js';
import { PREVIEW_PAGE } from './page.js';

export interface Preview {
  url: string;
  close(): Promise<void>;
}

/**
 * `--preview PORT`: a live view of the panel for a browser. What it shows is
 * read back from the simulated glass, never from the framebuffer, so it shows
 * exactly what the decoded bytes produced. Loopback by default.
 */
export async function startPreview(display: Display, port: number, host: string, logger: Logger): Promise<Preview> {
  const watchers = new Set<ServerResponse>();
  const onFrame = (ev: FrameEvent): void => {
    const line = `data: ${JSON.stringify(ev)}\n\n`;
    for (const res of watchers) res.write(line);
  };
  display.streamer.on('frame', onFrame);

  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PREVIEW_PAGE);
    } else if (path === '/screen.rgb') {
      const shot = display.snapshot('screen');
      res.writeHead(200, {
        'content-type': 'application/octet-stream',
        'cache-control': 'no-store',
        'x-width': String(shot.width),
        'x-height': String(shot.height),
      }).end(shot.pixels);
    } else if (path === '/info') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(display.info()));
    } else if (path === '/events') {
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
      display.streamer.off('frame', onFrame);
      for (const res of watchers) res.end();
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
