import { AF_UNIX, close, MSG_NOSIGNAL, SOCK_DGRAM, SOCK_NONBLOCK, sendto, socket, SysError } from '../sys/libc.js';
import { sockaddrUn } from './sockaddr-un.js';

/**
 * The sd_notify(3) protocol without libsystemd: one AF_UNIX datagram per
 * message, newline-separated VAR=value assignments, sent to $NOTIFY_SOCKET
 * (a path, or '@name' for an abstract socket).
 *
 * Why libc through koffi rather than spawning `systemd-notify`: systemd
 * attributes a notification to a unit by the sender's PID, and with the
 * default NotifyAccess=main only the main PID counts — a `systemd-notify`
 * child is another PID that may already have exited when systemd reads the
 * datagram (systemd-notify(1), "--pid" caveats). A fork per WATCHDOG=1 ping
 * would also cost a process every few seconds for a year. koffi is already
 * how spifbd reaches libc, with prebuilt binaries for the boards.
 */
export interface Notifier {
  /** Send one message, e.g. `READY=1\nSTATUS=…`. Never throws; returns false when dropped. */
  send(message: string): boolean;
  close(): void;
}

/** When NOTIFY_SOCKET is unset (no systemd, or Type=simple) every send is a no-op. */
export const NO_NOTIFY: Notifier = { send: () => false, close: () => {} };

export interface NotifyLog {
  warn(obj: object, msg: string): void;
}

/**
 * The notifier $NOTIFY_SOCKET asks for, and unset the variable (as
 * sd_notify's unset_environment does) so nothing the daemon starts inherits it.
 */
export function notifierFromEnv(env: NodeJS.ProcessEnv, log: NotifyLog): Notifier {
  const target = env.NOTIFY_SOCKET;
  delete env.NOTIFY_SOCKET;
  if (!target) return NO_NOTIFY;
  if (!target.startsWith('/') && !target.startsWith('@')) {
    // sd_notify(3) also knows vsock: addresses (VMs); a board never gets one.
    log.warn({ target }, 'NOTIFY_SOCKET is neither a path nor an abstract name; not notifying');
    return NO_NOTIFY;
  }
  return new DatagramNotifier(target, log);
}

class DatagramNotifier implements Notifier {
  private readonly addr: Uint8Array;
  private fd: number | undefined;

  constructor(readonly target: string, private readonly log: NotifyLog) {
    this.addr = sockaddrUn(target);
  }

  send(message: string): boolean {
    try {
      this.fd ??= socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK);
      // Non-blocking: if systemd's queue is full the message is dropped and
      // logged, never the event loop stalled (which would starve the
      // watchdog). MSG_NOSIGNAL as libsystemd does.
      sendto(this.fd, Buffer.from(message, 'utf8'), MSG_NOSIGNAL, this.addr);
      return true;
    } catch (err) {
      const code = err instanceof SysError ? err.code : String(err);
      this.log.warn({ code, target: this.target, message: message.split('\n')[0] }, 'sd_notify message dropped');
      return false;
    }
  }

  close(): void {
    if (this.fd !== undefined) close(this.fd);
    this.fd = undefined;
  }
}
