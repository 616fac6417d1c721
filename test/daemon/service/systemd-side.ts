import { spawn, type ChildProcess } from 'node:child_process';
import * as libc from '../../../daemon/sys/libc.js';
import { sockaddrUn } from '../../../daemon/systemd/sockaddr-un.js';
import { DAEMON_JS } from '../../helpers/daemon-process.js';

/**
 * systemd's side of the service contract, played for real: an AF_UNIX
 * datagram socket to receive sd_notify messages, a pre-opened listening
 * socket to pass as fd 3, and a launcher that sets LISTEN_PID/WATCHDOG_PID
 * to the daemon's own PID.
 */
export class NotifyReceiver {
  readonly messages: string[] = [];
  private readonly fd: number;
  private readonly timer: NodeJS.Timeout;
  private readonly buf = new Uint8Array(4096);

  constructor(readonly address: string) {
    this.fd = libc.socket(libc.AF_UNIX, libc.SOCK_DGRAM | libc.SOCK_NONBLOCK);
    libc.bind(this.fd, sockaddrUn(address));
    // Poll: Node cannot watch a raw fd; 5 ms is plenty for a test.
    this.timer = setInterval(() => this.drain(), 5);
  }

  private drain(): void {
    for (;;) {
      try {
        const n = libc.recv(this.fd, this.buf, libc.MSG_DONTWAIT);
        this.messages.push(Buffer.from(this.buf.subarray(0, n)).toString('utf8'));
      } catch (err) {
        if ((err as libc.SysError).errno === 11) return; // EAGAIN: nothing waiting
        throw err;
      }
    }
  }

  /** Resolves with the first message (from `from` on) matching, or rejects after `ms`. */
  async waitFor(match: RegExp, ms = 5000, from = 0): Promise<number> {
    const end = Date.now() + ms;
    for (;;) {
      this.drain();
      const i = this.messages.findIndex((m, k) => k >= from && match.test(m));
      if (i >= 0) return i;
      if (Date.now() > end) throw new Error(`no notify message ${match} in ${ms} ms; got ${JSON.stringify(this.messages)}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  close(): void {
    clearInterval(this.timer);
    libc.close(this.fd);
  }
}

/** A listening AF_UNIX stream socket that this process never accepts on, as systemd's .socket unit makes. */
export function listeningSocket(path: string): number {
  const fd = libc.socket(libc.AF_UNIX, libc.SOCK_STREAM);
  libc.bind(fd, sockaddrUn(path));
  libc.listen(fd, 16);
  return fd;
}

export interface Launch {
  /** fd to pass as the child's fd 3 (LISTEN_FDS=1). */
  listenFd?: number;
  env?: Record<string, string>;
  /** Set LISTEN_PID / WATCHDOG_PID to the daemon's PID (or to this value). */
  listenPid?: 'self' | string;
  watchdogPid?: 'self' | string;
  flags?: string[];
}

/**
 * Start spifbd the way systemd does. The PID variables must name the daemon
 * itself, which is only known after fork: like systemd-socket-activate, set
 * them between fork and exec — here a shell does it (`$$` is the shell's PID
 * and `exec` keeps it for node).
 */
export function launchDaemon(o: Launch): { child: ChildProcess; output: () => string } {
  const sets: string[] = [];
  if (o.listenFd !== undefined) sets.push('LISTEN_FDS=1', `LISTEN_PID=${o.listenPid === undefined || o.listenPid === 'self' ? '$$' : o.listenPid}`);
  if (o.watchdogPid !== undefined) sets.push(`WATCHDOG_PID=${o.watchdogPid === 'self' ? '$$' : o.watchdogPid}`);
  const script = `${sets.map((s) => `export ${s};`).join(' ')} exec "$0" "$@"`;
  const stdio: Array<'ignore' | 'pipe' | number> = ['ignore', 'pipe', 'pipe'];
  if (o.listenFd !== undefined) stdio.push(o.listenFd);
  const child = spawn('/bin/sh', ['-c', script, process.execPath, DAEMON_JS, '--log-level', 'debug', ...(o.flags ?? [])], {
    stdio, env: { ...process.env, ...o.env },
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  return { child, output: () => out };
}

export function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((res) => child.once('exit', (code) => res(code)));
}
