import { SpifbError } from '../../protocol/errors.js';
import type { InitStep } from './panel-spec.js';

/**
 * The Linux DRM panel-mipi-dbi firmware file (drivers/gpu/drm/tiny/panel-mipi-dbi.c,
 * struct panel_mipi_dbi_config): 15 bytes of magic "MIPI DBI" + 7 zero bytes,
 * a version byte (only 1 exists), then `command, num_parameters, parameters…`
 * repeated. `0x00 0x01 ms` (NOP with one parameter) is a delay in
 * milliseconds. A board that works with the kernel driver works here with
 * the same file. Checks follow panel_mipi_dbi_check_commands(): at least one
 * command, exact magic, version 1, no command overflowing the file.
 */
export const MIPI_DBI_MAGIC = Uint8Array.of(0x4d, 0x49, 0x50, 0x49, 0x20, 0x44, 0x42, 0x49, 0, 0, 0, 0, 0, 0, 0);
const HEADER = MIPI_DBI_MAGIC.length + 1;

export function isMipiDbiFirmware(buf: Uint8Array): boolean {
  return buf.length >= 8 && MIPI_DBI_MAGIC.subarray(0, 8).every((b, i) => buf[i] === b);
}

export function parseMipiDbiFirmware(buf: Uint8Array, source: string): InitStep[] {
  const bad = (at: number, what: string) => new SpifbError('EBAD_CONFIG', `${source}: panel-mipi-dbi firmware, byte ${at}: ${what}`);
  if (buf.length < HEADER + 2) throw bad(0, `file of ${buf.length} bytes is too small (header ${HEADER} bytes + at least one command)`);
  for (let i = 0; i < MIPI_DBI_MAGIC.length; i++) {
    if (buf[i] !== MIPI_DBI_MAGIC[i]) throw bad(i, 'bad magic (want "MIPI DBI" and 7 zero bytes)');
  }
  if (buf[15] !== 1) throw bad(15, `version ${buf[15]} is not supported (only 1)`);
  const steps: InitStep[] = [];
  let i = HEADER;
  while (i + 1 < buf.length) {
    const at = i;
    const cmd = buf[i++];
    const n = buf[i++];
    if (i + n > buf.length) throw bad(at, `command 0x${hex(cmd)} with ${n} parameters overflows the file (${buf.length - i} bytes left)`);
    const params = [...buf.subarray(i, i + n)];
    i += n;
    if (cmd === 0x00 && n === 1) {
      addDelay(steps, params[0]);
      continue;
    }
    steps.push(n > 0 ? { cmd, params } : { cmd });
  }
  if (i !== buf.length) throw bad(i, 'malformed command array: a lone byte at the end');
  return steps;
}

/** A delay belongs to the step before it; a leading one rides on a NOP (DCS 00h, harmless). */
export function addDelay(steps: InitStep[], ms: number): void {
  const last = steps.at(-1);
  if (last) last.delayMs = (last.delayMs ?? 0) + ms;
  else steps.push({ cmd: 0x00, delayMs: ms });
}

export function hex(v: number): string {
  return v.toString(16).padStart(2, '0');
}
