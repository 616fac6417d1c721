import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DAEMON_JS, DAEMON_NODE, scaled } from './target.js';

export { DAEMON_JS };

/** The repo root; tests run the built JS, as a board would (`npm test` builds first). */
export const ROOT = resolve(fileURLToPath(import.meta.url), '../../..');
export const CLI_JS = join(ROOT, 'dist/client/cli.js');

export interface DaemonProcess {
  child: ChildProcess;
  socket: string;
  dir: string;
  /** Everything the daemon printed so far (pino JSON lines). */
  output(): string;
  /** SIGTERM and wait; resolves with the exit code. */
  stop(): Promise<number | null>;
}

/** A fresh temp directory, removed when the test ends. */
export function tempDir(t: { teardown(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'spifb-test-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * Start the real daemon as a child process on a socket in `dir` and wait
 * until it logs that it is ready. Extra flags are passed through.
 */
export function startDaemon(dir: string, flags: string[] = []): Promise<DaemonProcess> {
  const socket = join(dir, 'fb.sock');
  const [node, ...nodeArgs] = DAEMON_NODE;
  const child = spawn(node, [...nodeArgs, DAEMON_JS, '--socket', socket, '--log-level', 'debug', ...flags], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((res) => child.once('exit', (code) => res(code)));
  const proc: DaemonProcess = {
    child,
    socket,
    dir,
    output: () => out,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
  return new Promise((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`daemon not ready in ${scaled(10)} s:\n${out}`)), scaled(10_000));
    const check = (): void => {
      if (out.includes('"spifbd ready"')) {
        clearTimeout(timer);
        child.stdout!.off('data', check);
        res(proc);
      }
    };
    child.stdout!.on('data', check);
    exited.then((code) => {
      clearTimeout(timer);
      rej(new Error(`daemon exited with ${code} before ready:\n${out}`));
    });
  });
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Run the `spifb` CLI to completion. */
export function runCli(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<CliResult> {
  return new Promise((res) => {
    const child = spawn(process.execPath, [CLI_JS, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => res({ code, stdout, stderr }));
  });
}
