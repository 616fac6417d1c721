/**
 * Scenario: the daemon with no client activity: CPU time it uses per second
 * of wall time, read from /proc/PID/stat (utime + stime, in clock ticks).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchResult } from './harness.js';

const TICKS_PER_S = 100; // USER_HZ: 100 on every Linux architecture spifb targets

function cpuMs(pid: number): number {
  // Fields after the ")" of the command name: utime is the 12th, stime the 13th.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_S;
}

export async function run(): Promise<BenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'spifb-bench-'));
  const child = spawn(process.execPath, ['dist/daemon/main.js', '--socket', join(dir, 'fb.sock'), '--log-level', 'warn'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  await new Promise((r) => setTimeout(r, 1500)); // start-up and panel init done
  const seconds = 5;
  const c0 = cpuMs(child.pid!);
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const used = cpuMs(child.pid!) - c0;
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  rmSync(dir, { recursive: true, force: true });
  return { idle_cpu_ms_per_s: Math.round((used / seconds) * 100) / 100 };
}
