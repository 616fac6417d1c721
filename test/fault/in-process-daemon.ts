import { writeFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { join } from 'node:path';
import { pino, type Logger } from 'pino';
import { parseDaemonArgs } from '../../daemon/boot/config-load.js';
import type { DaemonConfig } from '../../daemon/boot/config-keys.js';
import { openBus } from '../../daemon/boot/open-bus.js';
import { startDaemon, type RunningDaemon } from '../../daemon/boot/daemon.js';
import { FaultyBus } from './faulty-bus.js';

export interface InProcess {
  daemon: RunningDaemon;
  faulty: FaultyBus;
  config: DaemonConfig;
  logger: Logger;
  /** Every log line so far, parsed. */
  logs: Array<Record<string, unknown>>;
}

/**
 * The real daemon in this process, with its bus wrapped in a FaultyBus, so a
 * test can inject EIO or a hang and watch the daemon's objects directly.
 */
export async function startWithFaultyBus(dir: string, settings: object = {}, before?: (f: FaultyBus) => void): Promise<InProcess> {
  const file = join(dir, 'config.json');
  writeFileSync(file, JSON.stringify(settings));
  const config = parseDaemonArgs(['--socket', join(dir, 'fb.sock'), '--config', file]) as DaemonConfig;
  const logs: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split('\n')) if (line) logs.push(JSON.parse(line));
      done();
    },
  });
  const logger = pino({ level: 'debug' }, sink);
  let faulty!: FaultyBus;
  const daemon = await startDaemon(config, logger, {
    openBus: (c, clocks, log) => {
      const opened = openBus(c, clocks, log);
      faulty = new FaultyBus(opened.bus);
      before?.(faulty);
      return { ...opened, bus: faulty };
    },
  });
  return { daemon, faulty, config, logger, logs };
}
