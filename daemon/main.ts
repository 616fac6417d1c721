#!/usr/bin/env node
import { pino } from 'pino';
import { SpifbError } from '../protocol/errors.js';
import { parseDaemonArgs, usage } from './config/load.js';
import { startDaemon } from './daemon.js';
import { startDemo } from './demo/demo.js';
import { startPreview } from './preview/preview-server.js';

/**
 * spifbd: parse flags, start the daemon, run until SIGINT/SIGTERM.
 * Exit codes: 0 clean stop, 1 runtime failure, 2 bad flags.
 */
async function main(): Promise<number> {
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
  let daemon;
  try {
    daemon = await startDaemon(config, logger);
  } catch (err) {
    const code = err instanceof SpifbError ? err.code : 'EINTERNAL';
    logger.fatal({ code, err }, `cannot start: ${(err as Error).message}`);
    return 1;
  }
  const stops: Array<() => Promise<void> | void> = [];
  if (config.preview !== undefined) {
    const preview = await startPreview(daemon.display, config.preview, config.previewHost, logger.child({ module: 'preview' }));
    logger.info(`preview on ${preview.url}`);
    stops.push(() => preview.close());
  }
  if (config.demo) stops.push(startDemo(daemon.display));

  await new Promise<void>((resolve) => {
    const stop = (signal: string): void => {
      logger.info({ signal }, 'stopping');
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  for (const s of stops) await s();
  await daemon.close();
  logger.info('stopped');
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`spifbd: ${(err as Error).stack ?? err}\n`);
    process.exitCode = 1;
  },
);
