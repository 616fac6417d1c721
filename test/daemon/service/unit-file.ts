import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { ROOT, tempDir } from '../../helpers/daemon-process.js';

/**
 * What a systemd service unit lets its process touch, read off the unit file
 * the way systemd.exec(5) and systemd.resource-control(5) describe it: the
 * device allow list, and which paths are writable, read-only or hidden. A
 * model, not systemd itself — it knows the settings this project's unit uses
 * and fails loudly on a ProtectSystem= value it does not know.
 */

/** The shipped units, installed by the shipped script into a staging root. */
export function installUnits(t: { teardown(fn: () => void): void }): { root: string; units: string } {
  const root = tempDir(t);
  const run = spawnSync('sh', [join(ROOT, 'scripts/install-service.sh')], { env: { ...process.env, DESTDIR: root }, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`install-service failed: ${run.stderr}`);
  return { root, units: join(root, 'etc/systemd/system') };
}

/** Settings of one section; a list setting keeps every assignment, and an empty one resets it (systemd.unit(5)). */
export type Section = Map<string, string[]>;

export function parseUnit(text: string, instance: string): Map<string, Section> {
  const sections = new Map<string, Section>();
  let current: Section | undefined;
  for (const raw of text.replace(/\\\n/g, ' ').split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const head = /^\[(.+)\]$/.exec(line);
    if (head) {
      current = new Map();
      sections.set(head[1], current);
      continue;
    }
    const eq = line.indexOf('=');
    if (eq < 0 || !current) throw new Error(`not a unit file line: ${line}`);
    const key = line.slice(0, eq).trim();
    // %i: the instance name; %% a percent sign (systemd.unit(5), "Specifiers").
    const value = line.slice(eq + 1).trim().replace(/%([i%])/g, (_, s: string) => (s === 'i' ? instance : '%'));
    current.set(key, value === '' ? [] : [...(current.get(key) ?? []), value]);
  }
  return sections;
}

export type Access = 'rw' | 'ro' | 'hidden';

/** One DeviceAllow= entry: a /dev path, or char-/block- and a glob over /proc/devices names. */
export interface DeviceRule {
  entry: string;
  kind: 'path' | 'char' | 'block';
  pattern: string;
  perms: string;
}

/** DevicePolicy=closed allows these besides the list (systemd.resource-control(5), src/core/bpf-devices.c bpf_devices_allow_list_static()). */
const CLOSED_POLICY_DEVICES = ['/dev/null', '/dev/zero', '/dev/full', '/dev/random', '/dev/urandom', '/dev/tty', '/dev/ptmx'];

export class ServiceSandbox {
  readonly service: Section;
  readonly deviceRules: DeviceRule[];
  /** Longest prefix wins, as systemd orders its mounts by path. */
  private readonly pathRules: Array<[string, Access]> = [];

  constructor(unitText: string, readonly instance: string) {
    const service = parseUnit(unitText, instance).get('Service');
    if (!service) throw new Error('no [Service] section');
    this.service = service;
    this.deviceRules = this.all('DeviceAllow').map((entry) => {
      const [spec, perms = 'rwm'] = entry.split(/\s+/);
      if (spec.startsWith('/dev/')) return { entry, kind: 'path', pattern: spec, perms };
      const m = /^(char|block)-(.+)$/.exec(spec);
      if (!m) throw new Error(`DeviceAllow=${entry}: neither a /dev path nor char-/block-`);
      return { entry, kind: m[1] as 'char' | 'block', pattern: m[2], perms };
    });
    this.buildPathRules();
  }

  /** Every assignment of a setting, in order. */
  all(key: string): string[] {
    return this.service.get(key) ?? [];
  }

  last(key: string): string | undefined {
    return this.all(key).at(-1);
  }

  private yes(key: string): boolean {
    return /^(yes|true|on|1)$/i.test(this.last(key) ?? '');
  }

  private words(key: string): string[] {
    return this.all(key).flatMap((v) => v.split(/\s+/)).filter(Boolean);
  }

  /** The directories RuntimeDirectory= and friends create, absolute (systemd.exec(5) table "Automatic directory creation"). */
  ownDirectories(): string[] {
    const bases: Array<[string, string]> = [
      ['RuntimeDirectory', '/run'], ['StateDirectory', '/var/lib'], ['CacheDirectory', '/var/cache'], ['LogsDirectory', '/var/log'],
    ];
    return bases.flatMap(([key, base]) => this.words(key).map((d) => posix.join(base, d.split(':')[0])));
  }

  private buildPathRules(): void {
    const add = (path: string, access: Access): void => void this.pathRules.push([posix.normalize(path), access]);
    add('/', 'rw');
    const system = this.last('ProtectSystem') ?? 'no';
    if (system === 'strict') {
      add('/', 'ro');
      // API file systems stay as they are; PrivateDevices=, ProtectKernelTunables= and ProtectControlGroups= cover them.
      for (const api of ['/dev', '/proc', '/sys']) add(api, 'rw');
    } else if (system === 'full' || /^(yes|true)$/.test(system)) {
      for (const p of ['/usr', '/boot', '/efi', ...(system === 'full' ? ['/etc'] : [])]) add(p, 'ro');
    } else if (system !== 'no') {
      throw new Error(`ProtectSystem=${system}: not modelled`);
    }
    if (this.yes('ProtectKernelTunables')) for (const p of ['/sys', '/proc/sys', '/proc/sysrq-trigger', '/proc/irq', '/proc/bus', '/proc/fs']) add(p, 'ro');
    if (this.yes('ProtectControlGroups')) add('/sys/fs/cgroup', 'ro');
    if (this.yes('ProtectKernelLogs')) for (const p of ['/proc/kmsg', '/dev/kmsg']) add(p, 'hidden');
    const home = this.last('ProtectHome') ?? 'no';
    if (home !== 'no') for (const p of ['/home', '/root', '/run/user']) add(p, home === 'read-only' ? 'ro' : 'hidden');
    if (this.yes('PrivateTmp')) for (const p of ['/tmp', '/var/tmp']) add(p, 'rw');
    for (const d of this.ownDirectories()) add(d, 'rw');
    const paths = (key: string): string[] => this.words(key).map((p) => p.replace(/^[-+]+/, ''));
    for (const p of paths('ReadWritePaths')) add(p, 'rw');
    for (const p of paths('ReadOnlyPaths')) add(p, 'ro');
    for (const p of paths('InaccessiblePaths')) add(p, 'hidden');
  }

  /** How the service sees `path` (a file or directory). */
  access(path: string): Access {
    const p = posix.normalize(path);
    // ProcSubset=pid: only the process directories (and self, thread-self) of /proc are mounted (proc(5), subset=pid).
    if (this.last('ProcSubset') === 'pid') {
      const top = /^\/proc\/([^/]+)/.exec(p)?.[1];
      if (top !== undefined && !/^(\d+|self|thread-self)$/.test(top)) return 'hidden';
    }
    let best: [string, Access] = ['/', 'rw'];
    for (const rule of this.pathRules) {
      const [prefix] = rule;
      const under = p === prefix || p.startsWith(prefix === '/' ? '/' : `${prefix}/`);
      if (under && prefix.length >= best[0].length) best = rule;
    }
    return best[1];
  }

  /**
   * The DeviceAllow= entries that let the service open `node` with `perms`,
   * given the name its driver registered in /proc/devices. Empty: denied.
   */
  allowingDevice(node: string, registeredName: string, perms = 'rw'): string[] {
    if (this.last('DevicePolicy') === 'closed' && CLOSED_POLICY_DEVICES.includes(node)) return ['DevicePolicy=closed'];
    return this.deviceRules
      .filter((r) => [...perms].every((p) => r.perms.includes(p)))
      .filter((r) => (r.kind === 'path' ? r.pattern === node : r.kind === 'char' && globMatch(r.pattern, registeredName)))
      .map((r) => r.entry);
  }
}

/** fnmatch(3) without flags, as systemd matches char-NAME against /proc/devices. */
export function globMatch(pattern: string, name: string): boolean {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*') re += '.*';
    else if (c === '?') re += '.';
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 2);
      if (end < 0) re += '\\[';
      else {
        re += `[${pattern.slice(i + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`).test(name);
}

export function readInstalledService(t: { teardown(fn: () => void): void }, instance = 'fb0'): { sandbox: ServiceSandbox; socketUnit: Map<string, Section>; root: string } {
  const { root, units } = installUnits(t);
  return {
    sandbox: new ServiceSandbox(readFileSync(join(units, 'spifbd@.service'), 'utf8'), instance),
    socketUnit: parseUnit(readFileSync(join(units, 'spifbd@.socket'), 'utf8'), instance),
    root,
  };
}
