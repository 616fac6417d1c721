import { parseArgs } from 'node:util';
import { SpifbError } from '../protocol/errors.js';
import { DEFAULT_MAX_FRAME_BYTES } from '../protocol/framing.js';
import { isRotation, type Rotation } from './panel/madctl.js';
import { PANEL_PRESETS } from './panel/presets/index.js';
import { defaultSocketPath } from './server/socket-path.js';

export interface DaemonConfig {
  panel: string;
  rotation: Rotation;
  bus: 'sim' | 'spidev';
  socket: string;
  trace?: string;
  preview?: number;
  previewHost: string;
  demo: boolean;
  fps: number;
  logLevel: string;
  maxFrameBytes: number;
}

export const USAGE = `Usage: spifbd [options]

Owns one SPI LCD and serves it on a Unix socket (see README.md).

  --panel NAME        panel preset (${Object.keys(PANEL_PRESETS).join(', ')}); default ili9341
  --rotation DEG      0, 90, 180 or 270 (clockwise on the glass); default 0
  --bus sim|spidev    sim = the simulated panel (default)
  --socket PATH       default $SPIFB_SOCKET, /run/spifb/fb0.sock, else $XDG_RUNTIME_DIR or tmp
  --trace FILE        sim bus: record the DBI byte stream to FILE
  --preview PORT      serve a live view of the simulated panel on http://127.0.0.1:PORT
  --preview-host H    address for the preview (default 127.0.0.1)
  --demo              draw a test pattern and a clock
  --fps N             frame rate cap, 0 = unlimited (default 0)
  --log-level LEVEL   pino level: trace, debug, info, warn, error (default info)
  -h, --help          this text
`;

function int(name: string, text: string, min: number, max: number): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new SpifbError('EBAD_CONFIG', `--${name} must be an integer ${min}..${max}, got ${JSON.stringify(text)}`);
  }
  return n;
}

/** Parse spifbd's command line; throws EBAD_CONFIG naming the bad flag. */
export function parseDaemonArgs(argv: string[], env = process.env): DaemonConfig | 'help' {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        panel: { type: 'string', default: 'ili9341' },
        rotation: { type: 'string', default: '0' },
        bus: { type: 'string', default: 'sim' },
        socket: { type: 'string' },
        trace: { type: 'string' },
        preview: { type: 'string' },
        'preview-host': { type: 'string', default: '127.0.0.1' },
        demo: { type: 'boolean', default: false },
        fps: { type: 'string', default: '0' },
        'log-level': { type: 'string', default: 'info' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (err) {
    throw new SpifbError('EBAD_CONFIG', (err as Error).message);
  }
  if (values.help) return 'help';
  if (!Object.hasOwn(PANEL_PRESETS, values.panel)) {
    throw new SpifbError('EBAD_CONFIG', `--panel ${values.panel} is not a preset; known: ${Object.keys(PANEL_PRESETS).join(', ')}`);
  }
  const rotation = Number(values.rotation);
  if (!isRotation(rotation)) throw new SpifbError('EBAD_CONFIG', `--rotation must be 0, 90, 180 or 270, got ${values.rotation}`);
  if (values.bus !== 'sim' && values.bus !== 'spidev') {
    throw new SpifbError('EBAD_CONFIG', `--bus must be sim or spidev, got ${values.bus}`);
  }
  if (values.trace && values.bus !== 'sim') throw new SpifbError('EBAD_CONFIG', '--trace needs --bus sim');
  const levels = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'];
  if (!levels.includes(values['log-level'])) {
    throw new SpifbError('EBAD_CONFIG', `--log-level must be one of ${levels.join(', ')}`);
  }
  return {
    panel: values.panel,
    rotation,
    bus: values.bus,
    socket: values.socket ?? defaultSocketPath(env),
    trace: values.trace,
    preview: values.preview === undefined ? undefined : int('preview', values.preview, 0, 65535),
    previewHost: values['preview-host'],
    demo: values.demo,
    fps: int('fps', values.fps, 0, 1000),
    logLevel: values['log-level'],
    maxFrameBytes: DEFAULT_MAX_FRAME_BYTES,
  };
}
