import { unlink } from 'node:fs/promises';
import type { Socket } from 'node:net';
import type { Logger } from 'pino';
import type { DaemonConfig } from './config-keys.js';
import { Display } from '../display/display.js';
import { openBus } from './open-bus.js';
import { resolveSpiClocks } from '../bus/spi-clock.js';
import { DcsPanel } from '../panel/dcs-panel.js';
import { PANEL_PRESETS } from '../panel/presets/index.js';
import { resolvePanel } from '../panel/resolve-panel.js';
import { listenFd, listenUnix } from '../server/listen.js';
import { resolveId } from '../access/accounts.js';
import { checkLastFrameFile, defaultLastFrameFile, LastFrameSaver, restoreLastFrame } from '../display/last-frame.js';
import { allowListFromConfig, type AllowList } from '../access/peer-cred.js';
import { AdmissionGate } from '../access/admission.js';
import { lockInstance, type InstanceLock } from './instance-lock.js';
import { ReplyBudget } from '../server/reply-budget.js';
import { RefusalLog } from '../server/refusal-log.js';
import { RetryBus, type RetryEvent } from '../bus/retry-bus.js';
import { TraceBus } from '../bus/trace-bus.js';
import { DbiTraceWriter, type DbiTraceWriterOptions } from '../sim/dbi-trace.js';
import { Session } from '../server/session.js';
import { Streamer } from '../stream/streamer.js';
import { Surface } from '../surface/surface.js';
import { Ring } from '../ring/ring.js';

export interface DaemonOptions {
  /** A listening socket from systemd (socket activation): used as is, never unlinked. */
  listenFd?: number;
  /** Builds the bus; a test wraps it to inject faults. */
  openBus?: typeof openBus;
  /** Told before each bus retry wait, from the panel's init on (sd_notify EXTEND_TIMEOUT_USEC). */
  onBusRetry?: (event: RetryEvent) => void;
  env?: NodeJS.ProcessEnv;
  /** Tests only: how the --trace file is written (a failing write, /dev/full). */
  traceFile?: Pick<DbiTraceWriterOptions, 'write' | 'allowCharacterDevice'>;
}

export interface RunningDaemon {
  display: Display;
  socketPath: string;
  /** The bus as the frame path sees it: retries, fault counters, busy time. */
  bus: RetryBus;
  clients(): number;
  /** Replace who may connect (SIGHUP); applies to new connections. */
  setAllowList(list: AllowList): void;
  /** Stop serving, finish the frame on the wire, remove the socket file. */
  close(): Promise<void>;
}

/** The first log line of each kind of refusal (refusal-log.ts counts the rest). */
const REFUSAL_TEXT = {
  maxClients: 'too many clients; refusing one',
  maxClientsPerUid: 'too many connections from one uid (maxClientsPerUid); refusing one',
  allowList: 'client not in allow.users/allow.groups; refusing',
  noCredentials: 'cannot read peer credentials; refusing the client',
} as const;

/** Build the layers bottom-up, initialise the panel, then listen. */
export async function startDaemon(config: DaemonConfig, logger: Logger, options: DaemonOptions = {}): Promise<RunningDaemon> {
  const spec = resolvePanel(PANEL_PRESETS[config.panel], config);
  let allow = allowListFromConfig(config);
  const activated = options.listenFd !== undefined;
  // Claim the socket first: a second daemon for the same display must fail
  // before it resets a panel that a live daemon is driving. The lock, not the
  // socket file, says whether one runs (instance-lock.ts); under socket
  // activation systemd owns the path, and the spidev lock keeps a daemon
  // started by hand off the panel.
  const lock: InstanceLock = lockInstance(activated ? undefined : config.socket, config.bus === 'spidev' ? config['spi.device'] : undefined);
  let server;
  try {
    server = activated
      ? await listenFd(options.listenFd!)
      : await listenUnix(config.socket, undefined, {
        mode: config.socketMode,
        gid: config.socketGroup === undefined ? undefined : resolveId('group', config.socketGroup, 'socketGroup'),
      });
  } catch (err) {
    lock.release();
    throw err;
  }
  const socketPath = activated ? `fd ${options.listenFd} from systemd` : config.socket;
  // Clients that connect while the panel initialises wait, paused, for it.
  const early: Socket[] = [];
  const hold = (socket: Socket): void => {
    socket.pause();
    early.push(socket);
  };
  server.on('connection', hold);
  let display: Display;
  let bus: RetryBus;
  let trace: TraceBus | undefined;
  let ring: Ring | undefined;
  const lastFrameFile = config.lastFrameFile ?? defaultLastFrameFile(options.env ?? process.env);
  try {
    // A symlink or FIFO at the last-frame path fails start-up, before the panel is touched.
    if (lastFrameFile) checkLastFrameFile(lastFrameFile);
    const clocks = resolveSpiClocks({ pixelHz: config['spi.hz'], commandHz: config['spi.commandHz'] }, spec.maxHz, spec.name, logger);
    // Opened before the bus: a refused trace path (a symlink, a FIFO) fails start-up untouched.
    const traceFile = config.trace ? new DbiTraceWriter(config.trace, { ...options.traceFile, key: 'trace' }) : undefined;
    const opened = (options.openBus ?? openBus)(config, clocks, logger.child({ module: 'bus' }));
    const glass = opened.glass;
    // --trace records what any bus sends; retries wrap it, so a retried program shows as sent.
    trace = traceFile ? new TraceBus(opened.bus, traceFile, logger.child({ module: 'trace' })) : undefined;
    bus = new RetryBus(trace ?? opened.bus, { baseMs: config.busRetryMs, maxMs: config.busRetryMaxMs }, logger.child({ module: 'bus' }));
    if (options.onBusRetry) bus.on('retry', options.onBusRetry);
    const panel = new DcsPanel(spec, config.rotation, bus, undefined, {
      level: config['backlight.level'], idleMs: config['backlight.idleSeconds'] * 1000,
      idleLevel: config['backlight.idleLevel'], logger: logger.child({ module: 'power' }),
    });
    // The shared buffer before the panel: a missing buffer device fails start-up untouched.
    ring = Ring.open({
      buffer: config.buffer, slots: config.slots, name: 'fb', width: panel.width, height: panel.height,
      stride: panel.width * 2, wireBytesPerPixel: panel.bytesPerPixel,
      // With one slot the limit cannot leave another free; the lease still frees it.
      slotPolicy: { maxPerOwner: config.maxSlotsPerClient ?? Math.max(1, config.slots - 1), leaseMs: config.slotLeaseMs },
    });
    try {
      await panel.init();
    } catch (err) {
      await bus.close();
      throw err;
    }
    const surface = Surface.allocate(panel.width, panel.height);
    const streamer = new Streamer({
      surface, panel, fps: config.fps, logger: logger.child({ module: 'stream' }),
      // The planner's wire model runs at the clock really in use: spidev's, or
      // the simulated wire's --bus-hz (else the preset's limit, the streamer's default).
      cost: config.bus === 'spidev' ? { hz: clocks.pixelHz } : config.busHz > 0 ? { hz: config.busHz } : {}, txArea: ring.txArea(),
    });
    display = new Display(surface, streamer, panel, glass, ring, bus.faults);
    // One `frame` listener per session, plus the daemon's own few.
    streamer.setMaxListeners(config.maxClients + 16);
    const header = ring.header;
    streamer.on('frame', (f) => header.setFrameSeq(f.seq));
    // Keep the DBI trace readable by other tools frame by frame.
    const traced = trace;
    if (traced) streamer.on('frame', () => traced.flush());
  } catch (err) {
    ring?.close();
    server.close();
    if (!activated) await unlink(config.socket).catch(() => {});
    lock.release();
    throw err;
  }
  if (lastFrameFile) restoreLastFrame(lastFrameFile, display, logger);
  const saver = lastFrameFile ? new LastFrameSaver(lastFrameFile, display, logger) : undefined;

  const sessions = new Set<Session>();
  const sessionLog = logger.child({ module: 'session' });
  const gate = new AdmissionGate(allow, {
    maxClients: config.maxClients,
    maxClientsPerUid: config.maxClientsPerUid ?? Math.max(4, Math.floor(config.maxClients / 4)),
  });
  const refusals = new RefusalLog(sessionLog);
  const budget = new ReplyBudget(config.maxQueuedBytesTotal);
  const attach = (socket: Socket): void => {
    const admission = gate.admit(socket);
    if (!admission.ok) {
      refusals.refused(admission.reason, REFUSAL_TEXT[admission.reason], admission.uid === undefined ? {} : { uid: admission.uid });
      if (admission.kind === 'busy') Session.refuse(socket, 'EBUSY', admission.message);
      else socket.destroy();
      return;
    }
    const session = new Session(socket, display, sessionLog, {
      maxFrameBytes: config.maxFrameBytes,
      maxQueuedBytes: config.maxQueuedBytes,
      maxRequestsInFlight: config.maxRequestsInFlight,
      helloTimeoutMs: config.helloTimeoutMs,
      budget,
    });
    sessions.add(session);
    socket.on('close', () => {
      sessions.delete(session);
      admission.leave();
    });
  };
  server.off('connection', hold).on('connection', attach);
  for (const socket of early.splice(0)) {
    attach(socket);
    socket.resume();
  }
  const { width, height } = display.geometry;
  logger.info({ socket: socketPath, panel: spec.name, rotation: config.rotation, bus: bus.kind,
    width, height }, 'spifbd ready');

  return {
    display,
    socketPath,
    bus,
    clients: () => sessions.size,
    setAllowList(list) {
      allow = list;
      gate.setAllowList(list);
    },
    async close() {
      server.close();
      for (const s of sessions) s.close();
      // A failing bus would hold the last frame in retries forever.
      bus.giveUp();
      // No new frame, no back-off retry: after this the pump never reaches the ring again.
      await Promise.race([display.stop(), bus.parked]);
      await saver?.close();
      await bus.close();
      display.close();
      // An activated socket belongs to systemd, which keeps it for the next start.
      // The path is ours to remove only while we hold its lock (always, since start).
      if (!activated && lock.paths.length > 0) await unlink(config.socket).catch(() => {});
      refusals.close();
      lock.release();
    },
  };
}
