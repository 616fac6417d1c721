import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The built daemon as its own process, as on a board: client-side figures
 * then do not include the daemon's work on the same event loop.
 */
export async function daemonChild(flags: string[] = []): Promise<{ socket: string; pid: number; stop(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'spifb-bench-'));
  const socket = join(dir, 'fb.sock');
  const child = spawn(process.execPath, ['dist/daemon/main.js', '--socket', socket, ...flags], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, SPIFB_STATE_DIR: dir },
  });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      if (out.includes('spifbd ready')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`daemon exited with ${code}: ${out}`)));
  });
  return {
    socket,
    pid: child.pid!,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
