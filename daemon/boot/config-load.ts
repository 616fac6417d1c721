import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { SpifbError } from '../../protocol/errors.js';
import { defaultSocketPath } from '../server/socket-path.js';
import { CONFIG_KEYS, type DaemonConfig, type KeySpec } from './config-keys.js';

type KeyName = keyof typeof CONFIG_KEYS;
const SPECS = CONFIG_KEYS as Record<string, KeySpec<unknown>>;

export function usage(): string {
  const rows = Object.entries(SPECS)
    .filter(([, s]) => s.flag)
    .map(([, s]) => {
      const left = `--${s.flag}${s.switch ? '' : ' VALUE'}`;
      const def = s.default === undefined || s.switch ? '' : ` (default ${JSON.stringify(s.default)})`;
      return `  ${left.padEnd(22)} ${s.help}${def}`;
    });
  return `Usage: spifbd [--config FILE.json] [options]

Owns one SPI LCD and serves it on a Unix socket (see README.md).
Every option can also be set in the JSON config file; flags win.

  --config FILE          JSON config file (keys: ${Object.keys(SPECS).join(', ')})
${rows.join('\n')}
  -h, --help             this text
`;
}

/** Flatten a config file's JSON into dotted keys, rejecting unknown ones. */
function flattenFile(json: unknown, file: string, prefix = '', out: Record<string, unknown> = {}): Record<string, unknown> {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new SpifbError('EBAD_CONFIG', `${file}: ${prefix || 'the top level'} must be a JSON object`);
  }
  for (const [k, v] of Object.entries(json)) {
    const name = prefix ? `${prefix}.${k}` : k;
    if (Object.hasOwn(SPECS, name)) out[name] = v;
    else if (Object.keys(SPECS).some((s) => s.startsWith(`${name}.`))) flattenFile(v, file, name, out);
    else throw new SpifbError('EBAD_CONFIG', `${file}: unknown key ${name}; allowed: ${Object.keys(SPECS).join(', ')}`);
  }
  return out;
}

function readConfigFile(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new SpifbError('EBAD_CONFIG', `cannot read config ${path}: ${(err as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new SpifbError('EBAD_CONFIG', `${path} is not valid JSON: ${(err as Error).message}`);
  }
  return flattenFile(json, path);
}

/**
 * Parse spifbd's command line (and the config file it names) into a
 * validated config; throws EBAD_CONFIG naming the bad key or flag.
 */
export function parseDaemonArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): DaemonConfig | 'help' {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string }> = {
    config: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  };
  const byFlag = new Map<string, string>();
  for (const [name, spec] of Object.entries(SPECS)) {
    if (!spec.flag) continue;
    options[spec.flag] = { type: spec.switch ? 'boolean' : 'string' };
    byFlag.set(spec.flag, name);
  }
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({ args: argv, options, strict: true, allowPositionals: false }));
  } catch (err) {
    throw new SpifbError('EBAD_CONFIG', (err as Error).message);
  }
  if (values.help) return 'help';

  const raw: Record<string, unknown> = values.config ? readConfigFile(values.config as string) : {};
  const sourceOf: Record<string, string> = Object.fromEntries(Object.keys(raw).map((k) => [k, k]));
  for (const [flag, name] of byFlag) {
    if (values[flag] !== undefined) {
      raw[name] = values[flag];
      sourceOf[name] = `--${flag}`;
    }
  }
  const config: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(SPECS)) {
    config[name] = raw[name] === undefined ? spec.default : spec.parse(raw[name], sourceOf[name]);
  }
  const c = config as DaemonConfig;
  c.socket ??= defaultSocketPath(env);
  checkCombinations(c);
  return c;
}

/** Rules that involve more than one key. */
function checkCombinations(c: DaemonConfig): void {
  if (c.trace && c.bus !== 'sim') throw new SpifbError('EBAD_CONFIG', 'trace needs bus sim (--trace needs --bus sim)');
}

export type { DaemonConfig, KeyName };
