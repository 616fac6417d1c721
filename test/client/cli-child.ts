import { spawn, type ChildProcess } from 'node:child_process';
import { CLI_JS, type CliResult } from '../helpers/daemon-process.js';

export interface CliChild {
  child: ChildProcess;
  /** Resolves when the CLI exits. */
  done: Promise<CliResult>;
}

/** Start the built `spifb` CLI with a writable stdin (for push --raw, signals). */
export function spawnCli(args: string[], env: NodeJS.ProcessEnv = process.env): CliChild {
  const child = spawn(process.execPath, [CLI_JS, ...args], { stdio: ['pipe', 'pipe', 'pipe'], env });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  child.stdin!.on('error', () => {}); // the CLI may exit before reading everything (a test of that)
  const done = new Promise<CliResult>((res) => child.on('close', (code) => res({ code, stdout, stderr })));
  return { child, done };
}

/** Run the CLI with `input` as stdin, to completion. */
export function runCliWithInput(args: string[], input: Uint8Array): Promise<CliResult> {
  const { child, done } = spawnCli(args);
  child.stdin!.end(input);
  return done;
}
