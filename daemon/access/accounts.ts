import { readFileSync } from 'node:fs';
import { SpifbError } from '../../protocol/errors.js';

/**
 * User and group names → numeric ids, from /etc/passwd and /etc/group
 * (passwd(5), group(5)). Node has no getpwnam/getgrnam; names served only by
 * NSS (LDAP, systemd-userdb) are not found — give the number then.
 */
export interface AccountFiles {
  passwd: string;
  group: string;
}

function readOr(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

export function systemAccounts(): AccountFiles {
  return { passwd: readOr('/etc/passwd'), group: readOr('/etc/group') };
}

function lookup(table: string, name: string): number | undefined {
  for (const line of table.split('\n')) {
    const fields = line.split(':');
    if (fields[0] === name && fields.length >= 3) return Number(fields[2]);
  }
  return undefined;
}

/** A number stays a number; a name is looked up; an unknown name is a config error naming `key`. */
export function resolveId(kind: 'user' | 'group', value: string | number, key: string, files: AccountFiles = systemAccounts()): number {
  if (typeof value === 'number') return value;
  if (/^\d+$/.test(value)) return Number(value);
  const id = lookup(kind === 'user' ? files.passwd : files.group, value);
  if (id === undefined) throw new SpifbError('EBAD_CONFIG', `${key}: no ${kind} named ${JSON.stringify(value)} in /etc/${kind === 'user' ? 'passwd' : 'group'}`);
  return id;
}
