import { unlink } from 'node:fs/promises';
import type { Socket } from 'node:net';
import type { Logger } from 'pino';
import type { DaemonConfig } from './config/keys.js';
import { Display } from './display.js';
import { openBus } from './bus/open-bus.js';
import { SimBus } from './bus/sim-bus.js';
import { DcsPanel } from './panel/dcs-panel.js';
import { PANEL_PRESETS } from './panel/presets/index.js';
import { listenUnix } from './server/listen.js';
import { Session } from './server/session.js';
import { Streamer } from './stream/streamer.js';
import { Surface } from './surface/surface.js';

export interface RunningDaemon {
  display: Display;
  socketPath: string;
  /** Stop serving, finish the frame on the wire, remove the socket file. */
  close(): Promise<void>;
}

/** Build the layers bottom-up, initialise the panel, then listen. */
export async function startDaemon(config: DaemonConfig, logger: Logger): Promise<RunningDaemon> {
  const spec = PANEL_PRESETS[config.panel];
  // Claim the socket first: a second daemon for the same display must fail
  // before it resets a panel that a live daemon is driving.
  const server = await listenUnix(config.socket);
  // Clients that connect while the panel initialises wait, paused, for it.
  const early: Socket[] = [];
  const hold = (socket: Socket): void => {
    socket.pause();
    early.push(socket);
  };
  server.on('connection', hold);
  let display: Display;
  try {
    const { bus, glass } = openBus(config);
    const panel = new DcsPanel(spec, config.rotation, bus);
    try {
      await panel.init();
    } catch (err) {
      await bus.close();
      throw err;
    }
    const surface = Surface.allocate(panel.width, panel.height);
    const streamer = new Streamer({
      surface, panel, fps: config.fps, logger: logger.child({ module: 'stream' }),
      cost: config.busHz > 0 ? { hz: config.busHz } : {},
    });
    display = new Display(surface, streamer, panel, bus, glass);
    // Keep the DBI trace readable by other tools frame by frame.
    if (bus instanceof SimBus) streamer.on('frame', () => bus.flushTrace());
  } catch (err) {
    server.close();
    await unlink(config.socket).catch(() => {});
    throw err;
  }

  const sessions = new Set<Session>();
  const sessionLog = logger.child({ module: 'session' });
  const attach = (socket: Socket): void => {
    const session = new Session(socket, display, sessionLog, {
      maxFrameBytes: config.maxFrameBytes,
      maxQueuedBytes: 8 * config.maxFrameBytes,
    });
    sessions.add(session);
    socket.on('close', () => sessions.delete(session));
  };
  server.off('connection', hold).on('connection', attach);
  for (const socket of early.splice(0)) {
    attach(socket);
    socket.resume();
  }
  const { width, height } = display.surface;
  logger.info({ socket: config.socket, panel: spec.name, rotation: config.rotation, bus: display.bus.kind,
    width, height }, 'spifbd ready');

  return {
    display,
    socketPath: config.socket,
    async close() {
      server.close();
      for (const s of sessions) s.close();
      await display.streamer.drained();
      await display.bus.close();
      await unlink(config.socket).catch(() => {});
    },
  };
}
