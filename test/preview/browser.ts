import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import type { DaemonProcess } from '../helpers/daemon-process.js';

export const CHROMIUM = '/usr/bin/chromium';

/** Why the browser tests cannot run here, or false when they can. */
export const noBrowser: string | false = existsSync(CHROMIUM)
  ? false
  : `${CHROMIUM} is missing (Debian: apt-get install chromium; .ci/run installs it)`;

/** Debian's Chromium, headless, with a fresh profile removed afterwards. */
export async function launchChromium(t: { teardown(fn: () => unknown): void }): Promise<BrowserContext> {
  const profile = mkdtempSync(join(tmpdir(), 'spifb-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  t.teardown(async () => {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  });
  return context;
}

/** The preview URL the daemon logs just after "ready" (waits for that line). */
export function previewUrl(daemon: DaemonProcess): Promise<string> {
  const find = (): string | undefined => /preview on (http:\/\/[^"\s]+)/.exec(daemon.output())?.[1];
  return new Promise((resolve, reject) => {
    const check = (): void => {
      const url = find();
      if (url) {
        daemon.child.stdout!.off('data', check);
        resolve(url);
      }
    };
    daemon.child.stdout!.on('data', check);
    daemon.child.once('exit', () => reject(new Error(`the daemon exited without a preview URL:\n${daemon.output()}`)));
    check();
  });
}
