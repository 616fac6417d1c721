import type { Readable } from 'node:stream';
import { SpifbError } from '../../protocol/errors.js';
import { connect } from '../connect.js';
import { UsageError, type CliCommand, type CliContext } from './command.js';
import { backlight } from './backlight.js';
import { blank, unblank } from './blank.js';
import { clear } from './clear.js';
import { fill } from './fill.js';
import { info } from './info.js';
import { mirror } from './mirror.js';
import { push } from './push.js';
import { rotate } from './rotate.js';
import { snapshot } from './snapshot.js';
import { stats } from './stats.js';
import { text } from './text.js';

export const COMMANDS: Record<string, CliCommand> = {
  info, stats, snapshot, push, mirror, fill, clear, text, backlight, blank, unblank, rotate,
};

function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`);
  return `Usage: spifb [--socket PATH] [--json] COMMAND [args]

Talks to spifbd, the daemon that owns an SPI LCD.

Commands:
${lines.join('\n')}

Options:
  --socket PATH  daemon socket (default: $SPIFB_SOCKET, /run/spifb/fb0.sock, $XDG_RUNTIME_DIR or tmp)
  --json         machine-readable output where a command prints something
  -h, --help     this text; spifb COMMAND --help for one command

Exit codes: 0 ok, 1 runtime error, 2 usage error.
`;
}

/** Where the CLI reads and writes; the bin passes the process's, tests their own. */
export interface CliIo {
  /** Aborted on Ctrl-C (see cli.ts). */
  signal: AbortSignal;
  write(text: string): void;
  writeError(text: string): void;
  stdin: Readable;
  isTTY: boolean;
  /** Told which command is about to run (the bin decides how Ctrl-C acts on it). */
  starting?(command: CliCommand): void;
}

/** Run the CLI; returns the exit code. Global flags come before the command. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const { signal, write } = io;
  let socket: string | undefined;
  let json = false;
  let i = 0;
  for (; i < argv.length && argv[i].startsWith('-'); i++) {
    const a = argv[i];
    if (a === '-h' || a === '--help') {
      write(usage());
      return 0;
    } else if (a === '--json') json = true;
    else if (a === '--socket' && i + 1 < argv.length) socket = argv[++i];
    else if (a.startsWith('--socket=')) socket = a.slice('--socket='.length);
    else {
      io.writeError(`spifb: unknown option ${a}\n${usage()}`);
      return 2;
    }
  }
  const name = argv[i];
  const command = name === undefined ? undefined : COMMANDS[name];
  if (!command) {
    io.writeError(name ? `spifb: unknown command ${name}\n${usage()}` : usage());
    return 2;
  }
  const args = argv.slice(i + 1);
  if (args.includes('--help') || args.includes('-h')) {
    write(`Usage: ${command.usage}\n\n${command.summary}\n`);
    return 0;
  }
  if (args.includes('--json')) json = true;
  io.starting?.(command);
  const isTTY = io.isTTY;
  let progressShown = false;
  const ctx: CliContext = {
    args: args.filter((a) => a !== '--json'),
    json,
    connect: () => connect({ socket, clientName: `spifb ${name}` }),
    out: (text) => {
      if (progressShown) write('\n');
      progressShown = false;
      write(`${text}\n`);
    },
    signal,
    stdin: io.stdin,
    isTTY,
    progress: (text) => {
      if (!isTTY) return;
      write(`\r\x1b[K${text}`); // carriage return + erase line: the line redraws in place
      progressShown = true;
    },
  };
  try {
    await command.run(ctx);
    if (progressShown) write('\n');
    return 0;
  } catch (err) {
    if (progressShown) write('\n');
    if (err instanceof UsageError || (err as NodeJS.ErrnoException).code?.startsWith?.('ERR_PARSE_ARGS')) {
      io.writeError(`spifb ${name}: ${(err as Error).message}\nUsage: ${command.usage}\n`);
      return 2;
    }
    const code = err instanceof SpifbError ? err.code : 'EINTERNAL';
    io.writeError(`spifb ${name}: ${code}: ${(err as Error).message.split('\n')[0]}\n`);
    return 1;
  }
}

