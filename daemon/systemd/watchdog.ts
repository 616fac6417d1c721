import type { Notifier } from './notify.js';

/**
 * sd_watchdog_enabled(3): the watchdog is on when $WATCHDOG_USEC is set and
 * $WATCHDOG_PID is unset or our PID. Returns the ping interval — half the
 * timeout, as the man page recommends — or undefined. Unsets both variables.
 */
export function watchdogIntervalMs(env: NodeJS.ProcessEnv, pid = process.pid): number | undefined {
  const usec = env.WATCHDOG_USEC;
  const forPid = env.WATCHDOG_PID;
  delete env.WATCHDOG_USEC;
  delete env.WATCHDOG_PID;
  if (usec === undefined) return undefined;
  if (forPid !== undefined && Number(forPid) !== pid) return undefined;
  const n = Number(usec);
  if (!Number.isFinite(n) || n <= 0) return undefined;
  return Math.max(1, Math.floor(n / 2000));
}

/** A liveness check: undefined when healthy, else why not. */
export type Probe = () => string | undefined;

export interface WatchdogLog {
  warn(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
}

/**
 * Sends WATCHDOG=1 every `intervalMs` while the daemon is alive. "Alive" is
 * two things: the event loop turns (a stuck loop never runs this timer, so
 * pings stop by themselves) and every probe passes — the frame path's probe
 * fails when a bus transfer has hung. When a probe fails the ping is
 * withheld, and systemd restarts the service once WatchdogSec= passes
 * (systemd.service(5), WatchdogSec=).
 */
export class Watchdog {
  private timer: NodeJS.Timeout | undefined;
  private withheld: string | undefined;
  pings = 0;

  constructor(
    private readonly notifier: Notifier,
    readonly intervalMs: number,
    private readonly probes: Probe[],
    private readonly log: WatchdogLog,
  ) {}

  start(): void {
    this.tick();
    this.timer = setInterval(() => this.tick(), this.intervalMs);
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private tick(): void {
    const reason = this.probes.map((p) => p()).find((r) => r !== undefined);
    if (reason !== undefined) {
      if (this.withheld === undefined) this.log.warn({ reason }, 'unhealthy: withholding WATCHDOG=1');
      this.withheld = reason;
      return;
    }
    if (this.withheld !== undefined) this.log.info({ was: this.withheld }, 'healthy again');
    this.withheld = undefined;
    if (this.notifier.send('WATCHDOG=1')) this.pings++;
  }
}
