import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { DAEMON_JS } from '../../helpers/daemon-process.js';
import { DAEMON_NODE, scaled } from '../../helpers/target.js';

/**
 * Start the real daemon with `flags` and expect it to refuse to start: it
 * must exit within `ms` (a daemon stuck in open() on a FIFO is killed, and
 * reported as `exit: 'hung'`). Resolves with its exit code and output.
 */
export function startRefused(dir: string, flags: string[], ms = scaled(10_000)): Promise<{ exit: number | null | 'hung'; output: string }> {
  const [node, ...nodeArgs] = DAEMON_NODE;
  const child = spawn(node, [...nodeArgs, DAEMON_JS, '--socket', join(dir, 'fb.sock'), ...flags], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve({ exit: 'hung', output });
    }, ms);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ exit: code, output });
    });
  });
}
