import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where sysfs is; tests point it at a fake tree. */
export function sysfsRoot(env: NodeJS.ProcessEnv = process.env): string {
  return env.SPIFB_SYSFS_ROOT || '/sys';
}

/** Used when sysfs does not say: the line size of every ARM and x86 core spifb targets. */
export const DEFAULT_CACHE_LINE = 64;

/**
 * The CPU's cache line size, from
 * /sys/devices/system/cpu/cpu0/cache/index0/coherency_line_size
 * (Documentation/ABI/testing/sysfs-devices-system-cpu), 64 if absent.
 */
export function cacheLineSize(root = sysfsRoot()): number {
  try {
    const text = readFileSync(join(root, 'devices/system/cpu/cpu0/cache/index0/coherency_line_size'), 'utf8');
    const n = Number.parseInt(text, 10);
    return n > 0 && (n & (n - 1)) === 0 ? n : DEFAULT_CACHE_LINE;
  } catch {
    return DEFAULT_CACHE_LINE;
  }
}

/** The smallest whole-cache-line range holding [offset, offset+length). */
export function lineRange(offset: number, length: number, line: number): { offset: number; length: number } {
  const start = Math.floor(offset / line) * line;
  const end = Math.ceil((offset + length) / line) * line;
  return { offset: start, length: end - start };
}
