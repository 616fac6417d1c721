#!/usr/bin/env node
import type { CliCommand } from './cli/command.js';
import { runCli } from './cli/run.js';

// For a streaming command the first Ctrl-C asks it to finish (exit 0); a
// second one, or any Ctrl-C during a one-shot command, exits at once (130).
const interrupt = new AbortController();
const onSignal = (): void => {
  if (interrupt.signal.aborted || !running?.streaming) process.exit(130);
  interrupt.abort();
};
let running: CliCommand | undefined;
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

runCli(process.argv.slice(2), {
  signal: interrupt.signal,
  write: (text) => process.stdout.write(text),
  writeError: (text) => process.stderr.write(text),
  stdin: process.stdin,
  isTTY: process.stdout.isTTY === true,
  starting: (command) => (running = command),
}).then((code) => {
  process.exitCode = code;
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  // stdin may still hold the event loop open (push --raw ended by Ctrl-C).
  process.stdin.destroy();
});
