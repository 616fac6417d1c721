import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where the daemon under test runs. By default that is this machine's Node
 * on the built `dist/`. The ARM lanes (scripts/arm-lane.sh) run the same
 * host-side tests against a daemon for another CPU: they set
 *
 * - `SPIFB_TARGET_EXEC`: a JSON array, the command that runs a program built
 *   for the target, e.g. `["qemu-arm-static","-L","/usr/arm-linux-gnueabihf"]`
 *   (qemu user mode cannot exec a target binary from inside itself without
 *   binfmt, so everything for the target is started from the host through it);
 * - `SPIFB_TARGET_NODE`: the target's node binary;
 * - `SPIFB_TARGET_ROOT`: a tree with the target's `node_modules` and the
 *   compiled daemon (`daemon/main.js`);
 * - `SPIFB_TEST_TIME_SCALE`: how much slower start-up is under emulation.
 */
const ROOT = resolve(fileURLToPath(import.meta.url), '../../..');

const exec: string[] = process.env.SPIFB_TARGET_EXEC ? (JSON.parse(process.env.SPIFB_TARGET_EXEC) as string[]) : [];

/** True when the daemon runs on an emulated CPU, not this machine's. */
export const EMULATED = exec.length > 0;

/** The node (and emulator) that runs the daemon: argv before the script. */
export const DAEMON_NODE: string[] = EMULATED ? [...exec, process.env.SPIFB_TARGET_NODE ?? 'node'] : [process.execPath];

/** The daemon's entry point: the built JS (tests run what a board runs). */
export const DAEMON_JS = process.env.SPIFB_TARGET_ROOT
  ? join(process.env.SPIFB_TARGET_ROOT, 'daemon/main.js')
  : join(ROOT, 'dist/daemon/main.js');

/** argv that runs a program built for the target (a compiled C test program). */
export function targetCommand(program: string, args: string[] = []): [string, string[]] {
  const argv = [...exec, program, ...args];
  return [argv[0], argv.slice(1)];
}

/** Scale a start-up timeout for the emulated CPU (qemu runs Node's start-up 5–10× slower). */
export function scaled(ms: number): number {
  return ms * Math.max(1, Number(process.env.SPIFB_TEST_TIME_SCALE ?? 1) || 1);
}
