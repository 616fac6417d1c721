/**
 * `struct sockaddr_un` as bytes (unix(7)): sa_family_t (u16, host order)
 * then sun_path[108]. A path starting with '@' names an abstract socket:
 * sun_path[0] is NUL and the address length covers exactly the name, with no
 * terminating NUL (unix(7) "abstract"; sd_notify(3) accepts '@' the same way).
 */
import { AF_UNIX } from '../sys/libc.js';

const SUN_PATH_MAX = 108;

export function sockaddrUn(path: string): Uint8Array {
  const abstract = path.startsWith('@');
  const name = Buffer.from(abstract ? path.slice(1) : path, 'utf8');
  // A pathname needs room for its terminating NUL, an abstract name for its leading one.
  if (name.length + 1 > SUN_PATH_MAX) throw new RangeError(`socket path too long: ${path}`);
  const len = 2 + (abstract ? 1 + name.length : name.length + 1);
  const addr = new Uint8Array(len);
  new DataView(addr.buffer).setUint16(0, AF_UNIX, true);
  addr.set(name, abstract ? 3 : 2);
  return addr;
}
