import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DAEMON_JS, DAEMON_NODE, scaled } from '../helpers/target.js';

const SHIM_C = fileURLToPath(new URL('./kernel-shim.c', import.meta.url));

/**
 * Build the emulated kernel device (kernel-shim.c) with the machine's C
 * compiler into `dir`. Returns the .so path, or the reason it cannot be
 * built (the caller skips with it).
 */
export function buildShim(dir: string): { so: string } | { skip: string } {
  const cc = process.env.CC || 'cc';
  const so = join(dir, 'kernel-shim.so');
  const r = spawnSync(cc, ['-shared', '-fPIC', '-O1', '-Wall', '-o', so, SHIM_C, '-ldl', '-lpthread'], { encoding: 'utf8' });
  if (r.error) return { skip: `no C compiler (${cc}: ${r.error.message}); the emulated spidev/gpiochip needs one` };
  if (r.status !== 0) return { skip: `${cc} cannot build the shim (kernel uAPI headers linux/spi/spidev.h, linux/gpio.h missing?):\n${r.stderr}` };
  return { so };
}

/** A fake sysfs root whose spidev module reports `bufsiz`. */
export function fakeSysfs(dir: string, bufsiz: number): string {
  const root = join(dir, `sys-${bufsiz}`);
  mkdirSync(join(root, 'module/spidev/parameters'), { recursive: true });
  writeFileSync(join(root, 'module/spidev/parameters/bufsiz'), `${bufsiz}\n`);
  return root;
}

export interface EmulatedDaemon {
  child: ChildProcess;
  socket: string;
  output(): string;
  stop(): Promise<number | null>;
}

/**
 * Start the built daemon with `env` added (LD_PRELOAD and the shim's
 * settings). Resolves once it logs ready, or — with `until` — once its
 * output matches that pattern.
 */
export function startWithEnv(dir: string, name: string, flags: string[], env: NodeJS.ProcessEnv, until = /"spifbd ready"/): Promise<EmulatedDaemon> {
  const socket = join(dir, `${name}.sock`);
  const [node, ...nodeArgs] = DAEMON_NODE;
  const child = spawn(node, [...nodeArgs, DAEMON_JS, '--socket', socket, '--log-level', 'debug', ...flags], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  let out = '';
  const exited = new Promise<number | null>((res) => child.once('exit', (code) => res(code)));
  const d: EmulatedDaemon = {
    child,
    socket,
    output: () => out,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name}: no ${until} within ${scaled(10)} s:\n${out}`)), scaled(10_000));
    const onData = (chunk: Buffer): void => {
      out += chunk;
      if (until.test(out)) {
        clearTimeout(timer);
        resolve(d);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${name}: exited with ${code} first:\n${out}`));
    });
  });
}
