#!/usr/bin/env node
import { SpifbError } from '../protocol/errors.js';
import { connect } from './connect.js';
import { UsageError, type CliCommand, type CliContext } from './cli/command.js';
import { fill } from './cli/fill.js';
import { info } from './cli/info.js';
import { push } from './cli/push.js';
import { snapshot } from './cli/snapshot.js';

const COMMANDS: Record<string, CliCommand> = { info, fill, push, snapshot };

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

/** Run the CLI; returns the exit code. Global flags come before the command. */
async function runCli(argv: string[], write = (s: string) => process.stdout.write(s)): Promise<number> {
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
      process.stderr.write(`spifb: unknown option ${a}\n${usage()}`);
      return 2;
    }
  }
  const name = argv[i];
  const command = name === undefined ? undefined : COMMANDS[name];
  if (!command) {
    process.stderr.write(name ? `spifb: unknown command ${name}\n${usage()}` : usage());
    return 2;
  }
  const args = argv.slice(i + 1);
  if (args.includes('--help') || args.includes('-h')) {
    write(`Usage: ${command.usage}\n\n${command.summary}\n`);
    return 0;
  }
  if (args.includes('--json')) json = true;
  const ctx: CliContext = {
    args: args.filter((a) => a !== '--json'),
    json,
    connect: () => connect({ socket, clientName: `spifb ${name}` }),
    out: (text) => write(`${text}\n`),
  };
  try {
    await command.run(ctx);
    return 0;
  } catch (err) {
    if (err instanceof UsageError || (err as NodeJS.ErrnoException).code?.startsWith?.('ERR_PARSE_ARGS')) {
      process.stderr.write(`spifb ${name}: ${(err as Error).message}\nUsage: ${command.usage}\n`);
      return 2;
    }
    const code = err instanceof SpifbError ? err.code : 'EINTERNAL';
    process.stderr.write(`spifb ${name}: ${code}: ${(err as Error).message}\n`);
    return 1;
  }
}

runCli(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
