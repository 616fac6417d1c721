import { DEFAULT_MAX_FRAME_BYTES } from '../../protocol/framing.js';
import { ROTATIONS, type Rotation } from '../panel/madctl.js';
import { PANEL_PRESETS } from '../panel/presets/index.js';
import { bool, int, oneOf, text, type Parse } from './config-values.js';
import { SpifbError } from '../../protocol/errors.js';

const bufferSpec: Parse<string> = (value, key) => {
  if (typeof value === 'string' && /^(shm|dmabuf(:\/.+)?|udmabuf:\/.+)$/.test(value)) return value;
  throw new SpifbError('EBAD_CONFIG', `${key} must be shm, udmabuf:/dev/udmabufN or dmabuf[:/dev/udmabuf], got ${JSON.stringify(value)}`);
};
import { HARDWARE_KEYS } from './hardware-keys.js';
import { account, accounts, fileMode } from './account-values.js';

/**
 * One row per setting: its key in the JSON config file (dots for nesting:
 * `spi.device` is `{"spi": {"device": …}}`), its flag, the parser and the
 * default. Flags override the file. To add a setting, add a row.
 */
export interface KeySpec<T> {
  flag?: string;
  /** A boolean flag takes no value (`--demo`). */
  switch?: boolean;
  help: string;
  parse: Parse<T>;
  default?: T;
}

function key<T>(spec: KeySpec<T> & { default: T }): KeySpec<T> & { default: T };
function key<T>(spec: KeySpec<T>): KeySpec<T>;
function key<T>(spec: KeySpec<T>): KeySpec<T> {
  return spec;
}

const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;

export const CONFIG_KEYS = {
  panel: key({ flag: 'panel', help: 'panel preset', parse: oneOf(Object.keys(PANEL_PRESETS)), default: 'ili9341' }),
  rotation: key({ flag: 'rotation', help: 'degrees clockwise on the glass', parse: oneOf(ROTATIONS), default: 0 as Rotation }),
  // Panel overrides (issue 3; README "Panels"): geometry as seen at rotation 0.
  width: key({ flag: 'width', help: 'panel: visible width at rotation 0 (overrides the preset)', parse: int(1, 4096) }),
  height: key({ flag: 'height', help: 'panel: visible height at rotation 0', parse: int(1, 4096) }),
  xOffset: key({ flag: 'x-offset', help: 'panel: first column (CASET start) at rotation 0', parse: int(0, 4095) }),
  yOffset: key({ flag: 'y-offset', help: 'panel: first row (RASET start) at rotation 0', parse: int(0, 4095) }),
  bgr: key({ flag: 'bgr', help: 'panel: set the BGR colour-order bit (true|false)', parse: bool }),
  invert: key({ flag: 'invert', help: 'panel: send INVON, for IPS glass (true|false)', parse: bool }),
  wireFormat: key({ flag: 'wire-format', help: 'panel: pixels on the wire', parse: oneOf(['rgb565', 'rgb666'] as const) }),
  initFile: key({ flag: 'init-file', help: 'panel: init sequence, a panel-mipi-dbi firmware file or an fbtft init list', parse: text }),
  bus: key({ flag: 'bus', help: 'sim = the simulated panel; spidev = real hardware', parse: oneOf(['sim', 'spidev'] as const), default: 'sim' }),
  socket: key({ flag: 'socket', help: 'Unix socket path (default: $SPIFB_SOCKET, /run/spifb/fb0.sock, $XDG_RUNTIME_DIR or tmp)', parse: text }),
  trace: key({ flag: 'trace', help: 'record the DBI byte stream any bus sends to this file', parse: text }),
  preview: key({ flag: 'preview', help: 'serve a live view of the simulated panel on this port (0 = any)', parse: int(0, 65535) }),
  previewHost: key({ flag: 'preview-host', help: 'address the preview listens on', parse: text, default: '127.0.0.1' }),
  demo: key({ flag: 'demo', switch: true, help: 'draw a test pattern and a clock', parse: bool, default: false }),
  fps: key({ flag: 'fps', help: 'frame rate cap, 0 = as fast as the bus goes', parse: int(0, 1000), default: 0 }),
  buffer: key({ flag: 'buffer', help: 'shared buffer: shm, udmabuf:/dev/udmabufN or dmabuf[:/dev/udmabuf]', parse: bufferSpec, default: 'shm' }),
  slots: key({ flag: 'slots', help: 'frame slots in the shared buffer for zero-copy clients', parse: int(1, 16), default: 3 }),
  busHz: key({ flag: 'bus-hz', help: 'SPI pixel clock, Hz; with --bus sim, 0 = as fast as the decoder, else each transfer takes its real wire time', parse: int(0, 200_000_000), default: 0 }),
  logLevel: key({ flag: 'log-level', help: 'pino log level', parse: oneOf(LOG_LEVELS), default: 'info' }),
  maxFrameBytes: key({ help: 'largest protocol frame accepted', parse: int(64 * 1024, 64 * 1024 * 1024), default: DEFAULT_MAX_FRAME_BYTES }),
  // Service: permissions, limits, faults (issue 7; see README "Running as a service").
  socketMode: key({ help: 'mode of the socket file the daemon creates (octal string)', parse: fileMode, default: 0o660 }),
  socketGroup: key({ help: 'group owning the socket file the daemon creates (name or gid)', parse: account }),
  'allow.users': key({ help: 'if set (or allow.groups is): only these users may connect (SO_PEERCRED)', parse: accounts, default: [] }),
  'allow.groups': key({ help: 'if set (or allow.users is): members of these groups may connect', parse: accounts, default: [] }),
  maxClients: key({ help: 'clients connected at once; more are refused', parse: int(1, 4096), default: 64 }),
  maxRequestsInFlight: key({ help: 'requests a client may send without reading their replies; more get EBUSY', parse: int(1, 65536), default: 256 }),
  maxQueuedBytes: key({ help: 'bytes queued for a client that does not read before it is disconnected', parse: int(64 * 1024, 1024 * 1024 * 1024), default: 8 * DEFAULT_MAX_FRAME_BYTES }),
  // Hostile clients (issue 12; protocol/README.md "Transport"): limits shared by all connections.
  maxQueuedBytesTotal: key({ help: 'unsent reply bytes for all clients together; past it the largest holder is dropped or the reply is EBUSY', parse: int(1024 * 1024, 1024 * 1024 * 1024), default: 64 * 1024 * 1024 }),
  helloTimeoutMs: key({ help: 'a connection that has not sent hello this long after connecting is closed', parse: int(100, 600_000), default: 5000 }),
  maxClientsPerUid: key({ flag: 'max-clients-per-uid', help: 'connections one uid may hold (default maxClients/4, at least 4); root is not exempt', parse: int(1, 4096) }),
  maxSlotsPerClient: key({ flag: 'max-slots-per-client', help: 'shared-buffer slots one client may hold at once (default slots - 1, at least 1), so one client never holds them all', parse: int(1, 16) }),
  slotLeaseMs: key({ flag: 'slot-lease-ms', help: 'a slot acquired and neither presented nor released this long is revoked (revoked event); 0 = never', parse: int(0, 3_600_000), default: 30_000 }),
  lastFrameFile: key({ help: 'keep the last frame here and show it at start (default: $RUNTIME_DIRECTORY/last-frame under systemd)', parse: text }),
  busRetryMs: key({ help: 'first wait before retrying a failed bus transfer; doubles each time', parse: int(1, 60_000), default: 50 }),
  busRetryMaxMs: key({ help: 'longest wait between bus retries', parse: int(1, 3_600_000), default: 30_000 }),
  // Real hardware (issue 6; see README "Hardware"). Pins: gpiochipN:OFFSET, gpiochipN:NAME or NAME; BCM numbers with gpio.driver rpio.
  ...HARDWARE_KEYS,
};

type Keys = typeof CONFIG_KEYS;
type ValueOf<S> = S extends KeySpec<infer T> & { default: unknown } ? T : S extends KeySpec<infer T> ? T | undefined : never;

type Parsed = { -readonly [K in keyof Keys]: ValueOf<Keys[K]> };

/** The daemon's settings, keyed as in CONFIG_KEYS; the socket path is always resolved. */
export type DaemonConfig = Omit<Parsed, 'socket'> & { socket: string };
