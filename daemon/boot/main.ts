import { pino } from 'pino';
import { SpifbError } from '../../protocol/errors.js';
import { parseDaemonArgs, usage } from './config-load.js';
import { startDaemon } from './daemon.js';
import { startDemo } from '../demo/demo.js';
import { listenFdFromEnv } from '../systemd/activation.js';
import { notifierFromEnv } from '../systemd/notify.js';
import { Service } from './service.js';
import { watchdogIntervalMs } from '../systemd/watchdog.js';
import { startPreview } from '../preview/preview-server.js';

/**
 * spifbd: parse flags, start the daemon, run until SIGINT/SIGTERM.
 * Exit codes: 0 clean stop, 1 runtime failure, 2 bad flags.
 */
export async function main(): Promise<number> {
  let config;
  try {
    config = parseDaemonArgs(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`spifbd: ${(err as Error).message}\n${usage()}`);
    return 2;
  }
  if (config === 'help') {
    process.stdout.write(usage());
    return 0;
  }
  const logger = pino({ name: 'spifbd', level: config.logLevel });
  // systemd's side (sd_notify(3), sd_listen_fds(3), sd_watchdog_enabled(3));
  // each reads and unsets its variables, and is inert without systemd.
  const notifier = notifierFromEnv(process.env, logger);
  const watchdogMs = watchdogIntervalMs(process.env);
  let ready = false;
  let daemon;
  try {
    const listenFd = listenFdFromEnv(process.env);
    daemon = await startDaemon(config, logger, {
      listenFd,
      onBusRetry: (e) => {
        // A dead bus during the panel's init: keep systemd's start timeout from firing while we retry.
        if (!ready) notifier.send(`EXTEND_TIMEOUT_USEC=${(e.delayMs + 30_000) * 1000}\nSTATUS=panel init: bus failing (${e.error}); retry ${e.attempt} in ${e.delayMs} ms`);
      },
    });
  } catch (err) {
    const code = err instanceof SpifbError ? err.code : 'EINTERNAL';
    logger.fatal({ code, err }, `cannot start: ${(err as Error).message}`);
    notifier.send(`STATUS=cannot start: ${code}`);
    return 1;
  }
  const stops: Array<() => Promise<void> | void> = [];
  if (config.preview !== undefined) {
    const preview = await startPreview(daemon.display, config.preview, config.previewHost, logger.child({ module: 'preview' }));
    logger.info(`preview on ${preview.url}`);
    stops.push(() => preview.close());
  }
  if (config.demo) stops.push(startDemo(daemon.display));

  const service = new Service({
    daemon, config, notifier, logger, watchdogMs,
    readConfig: () => {
      const next = parseDaemonArgs(process.argv.slice(2));
      if (next === 'help') throw new SpifbError('EBAD_CONFIG', 'unexpected --help');
      return next;
    },
  });
  process.on('SIGHUP', () => service.reload());
  service.ready();
  ready = true;

  await new Promise<void>((resolve) => {
    const stop = (signal: string): void => {
      logger.info({ signal }, 'stopping');
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  service.stopping();
  for (const s of stops) await s();
  await daemon.close();
  notifier.close();
  logger.info('stopped');
  return 0;
}
