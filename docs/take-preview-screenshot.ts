/**
 * Regenerates docs/preview.png, the README's picture of the live preview:
 * a daemon with --demo --preview, a pushed image, Debian's headless Chromium.
 *
 *   npm run build && npx tsx docs/take-preview-screenshot.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { startDaemon } from '../test/helpers/daemon-process.js';
import { previewUrl } from '../test/preview/browser.js';

const dir = mkdtempSync(join(tmpdir(), 'spifb-shot-'));
const daemon = await startDaemon(dir, ['--panel', 'st7789-240x240', '--demo', '--preview', '0']);
const context = await chromium.launchPersistentContext(join(dir, 'profile'), {
  executablePath: '/usr/bin/chromium',
  headless: true,
  viewport: { width: 800, height: 640 },
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
});
try {
  const page = await context.newPage();
  await page.goto(await previewUrl(daemon));
  await page.waitForFunction(() => (globalThis as unknown as { spifbPreview: { fetches: number } }).spifbPreview.fetches > 3);
  await page.waitForFunction(() => !document.getElementById('stats')!.textContent!.startsWith('waiting'));
  await page.screenshot({ path: join(import.meta.dirname, 'preview.png') });
} finally {
  await context.close();
  await daemon.stop();
  rmSync(dir, { recursive: true, force: true });
}
