import type { Logger } from 'pino';
import type { DaemonConfig } from './config-keys.js';
import type { RunningDaemon } from './daemon.js';
import type { Notifier } from '../systemd/notify.js';
import { allowListFromConfig } from '../access/peer-cred.js';
import { planReload } from './reload.js';
import { Watchdog } from '../systemd/watchdog.js';

export interface ServiceOptions {
  daemon: RunningDaemon;
  config: DaemonConfig;
  notifier: Notifier;
  logger: Logger;
  /** Ping interval from watchdogIntervalMs(); undefined = no watchdog. */
  watchdogMs?: number;
  /** Re-read the config (SIGHUP); throws EBAD_CONFIG. */
  readConfig: () => DaemonConfig;
  /** How often STATUS= is refreshed (only sent when it changed). */
  statusMs?: number;
}

/** A bus call running longer than this is a hung frame path (if no watchdog sets a shorter bound). */
const DEFAULT_STALL_MS = 10_000;

/**
 * The daemon's side of the systemd contract (sd_notify(3), systemd.service(5)):
 * READY=1 once the panel is initialised and the socket listens, STATUS= with
 * the frame rate, WATCHDOG=1 while the event loop and the frame path are
 * alive, RELOADING=1/READY=1 around a SIGHUP reload, STOPPING=1 on the way out.
 * Without systemd the notifier is a no-op and only SIGHUP does anything.
 */
export class Service {
  private running: DaemonConfig;
  private frames = 0;
  private lastStatus = '';
  private note = '';
  private statusTimer: NodeJS.Timeout | undefined;
  private windowStart = performance.now();
  private fps = 0;
  readonly watchdog: Watchdog | undefined;
  private readonly onFrame = (): void => {
    this.frames++;
  };

  constructor(private readonly o: ServiceOptions) {
    this.running = o.config;
    const stallMs = o.watchdogMs === undefined ? DEFAULT_STALL_MS : 2 * o.watchdogMs;
    if (o.watchdogMs !== undefined) {
      this.watchdog = new Watchdog(o.notifier, o.watchdogMs, [
        () => {
          const busy = o.daemon.bus.busyMs();
          return busy > stallMs ? `a bus transfer has been running for ${Math.round(busy)} ms` : undefined;
        },
      ], o.logger);
    }
    o.daemon.display.onFrame(this.onFrame);
    o.daemon.bus.on('retry', (e) => {
      this.note = `bus failing (${e.error}), retry ${e.attempt} in ${e.delayMs} ms`;
      this.refreshStatus();
    });
    o.daemon.bus.on('recovered', () => {
      this.note = '';
      this.refreshStatus();
    });
  }

  /** Everything is up: tell systemd, start the watchdog and the status line. */
  ready(): void {
    this.lastStatus = this.statusText();
    this.o.notifier.send(`READY=1\nSTATUS=${this.lastStatus}`);
    this.watchdog?.start();
    this.statusTimer = setInterval(() => this.tick(), this.o.statusMs ?? 2000);
    this.statusTimer.unref();
  }

  /** SIGHUP: apply what can change live, report what needs a restart. */
  reload(): void {
    const { notifier, logger, daemon } = this.o;
    // MONOTONIC_USEC pairs RELOADING=1 with its READY=1 (sd_notify(3)); uv_hrtime is CLOCK_MONOTONIC.
    notifier.send(`RELOADING=1\nMONOTONIC_USEC=${process.hrtime.bigint() / 1000n}\nSTATUS=reloading`);
    let next: DaemonConfig;
    try {
      next = this.o.readConfig();
    } catch (err) {
      logger.error({ err }, `reload failed, keeping the running config: ${(err as Error).message}`);
      this.note = `reload failed: ${(err as Error).message}`;
      notifier.send(`READY=1\nSTATUS=${this.statusText()}`);
      return;
    }
    const plan = planReload(this.running, next);
    const applied: Partial<DaemonConfig> = {};
    try {
      for (const key of plan.apply) {
        if (key === 'fps') daemon.display.setFps(next.fps);
        if (key === 'logLevel') logger.level = next.logLevel;
        applied[key] = next[key] as never;
      }
      if (plan.apply.includes('allow.users') || plan.apply.includes('allow.groups')) daemon.setAllowList(allowListFromConfig(next));
    } catch (err) {
      logger.error({ err }, `reload failed: ${(err as Error).message}`);
    }
    this.running = { ...this.running, ...applied };
    logger.info({ applied: plan.apply, needRestart: plan.needRestart }, 'config reloaded');
    if (plan.needRestart.length > 0) {
      logger.warn({ keys: plan.needRestart }, `changed in the config but only a restart applies them: ${plan.needRestart.join(', ')}`);
    }
    this.note = plan.needRestart.length > 0 ? `restart needed for ${plan.needRestart.join(', ')}` : '';
    notifier.send(`READY=1\nSTATUS=${this.statusText()}`);
  }

  /** On SIGTERM/SIGINT, before the daemon closes. */
  stopping(): void {
    this.watchdog?.stop();
    clearInterval(this.statusTimer);
    this.o.daemon.display.offFrame(this.onFrame);
    this.o.notifier.send('STOPPING=1\nSTATUS=stopping');
  }

  private tick(): void {
    const now = performance.now();
    this.fps = (this.frames * 1000) / Math.max(1, now - this.windowStart);
    this.frames = 0;
    this.windowStart = now;
    this.refreshStatus();
  }

  private refreshStatus(): void {
    const text = this.statusText();
    if (text === this.lastStatus) return;
    this.lastStatus = text;
    this.o.notifier.send(`STATUS=${text}`);
  }

  statusText(): string {
    const { daemon } = this.o;
    const { width, height, panel, fps } = daemon.display.info();
    const faults = daemon.bus.faults;
    const parts = [
      `${panel} ${width}x${height}`,
      `${this.fps.toFixed(1)} fps${fps ? ` (cap ${fps})` : ''}`,
      `${daemon.clients()} client${daemon.clients() === 1 ? '' : 's'}`,
      `bus errors ${faults.failures}`,
    ];
    if (this.note) parts.push(this.note);
    // One line: a newline would start another VAR= assignment.
    return parts.join('; ').replace(/\n/g, ' ');
  }
}
