import { isDeepStrictEqual } from 'node:util';
import type { DaemonConfig } from './config-keys.js';

/**
 * What SIGHUP can change without a restart. Everything else (panel,
 * rotation, bus, socket, buffers, limits baked into open sessions) needs
 * `systemctl restart`; a reload that touches those keys says so and keeps
 * the old values. `backlight` joins this list once the bus layer has it.
 */
export const LIVE_KEYS = ['fps', 'logLevel', 'allow.users', 'allow.groups'] as const satisfies ReadonlyArray<keyof DaemonConfig>;
export type LiveKey = (typeof LIVE_KEYS)[number];

export interface ReloadPlan {
  /** Live keys whose value changed, to apply now. */
  apply: LiveKey[];
  /** Keys that changed but only take effect after a restart. */
  needRestart: string[];
}

export function planReload(running: DaemonConfig, next: DaemonConfig): ReloadPlan {
  const apply: LiveKey[] = [];
  const needRestart: string[] = [];
  for (const key of Object.keys(next) as Array<keyof DaemonConfig>) {
    if (isDeepStrictEqual(running[key], next[key])) continue;
    if ((LIVE_KEYS as readonly string[]).includes(key)) apply.push(key as LiveKey);
    else needRestart.push(key);
  }
  return { apply, needRestart };
}
