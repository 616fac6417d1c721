import { constants } from 'node:os';
import koffi from 'koffi';

/**
 * The only place spifbd calls libc directly (mmap, ioctl, memfd_create, …),
 * through koffi: a maintained FFI with prebuilt binaries for arm, arm64 and
 * x64, so boards need no compiler. Every call checks its result and throws
 * SysError with the errno name, as Node's own fs errors do.
 */
export class SysError extends Error {
  constructor(readonly syscall: string, readonly errno: number, readonly code: string, detail = '') {
    super(`${syscall}${detail ? ` ${detail}` : ''}: ${code} (${errnoMessage(code)})`);
    this.name = 'SysError';
  }
}

const ERRNO_NAMES = new Map<number, string>(Object.entries(constants.errno).map(([name, n]) => [n, name]));
const ERRNO_TEXT: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOTTY: 'inappropriate ioctl for device',
  EINVAL: 'invalid argument',
  EMSGSIZE: 'message too long',
  EBUSY: 'device or resource busy',
  EIO: 'input/output error',
  ENODEV: 'no such device',
  ENOMEM: 'out of memory',
};
function errnoMessage(code: string): string {
  return ERRNO_TEXT[code] ?? 'see errno(3)';
}

/** open(2) flags and mmap(2) constants from asm-generic/fcntl.h and asm-generic/mman-common.h. */
export const O_RDONLY = 0;
export const O_RDWR = 2;
export const O_CLOEXEC = 0o2000000;
export const PROT_READ = 1;
export const PROT_WRITE = 2;
export const MAP_SHARED = 1;
export const MFD_CLOEXEC = 1; // include/uapi/linux/memfd.h
export const MFD_ALLOW_SEALING = 2;
export const F_ADD_SEALS = 1033; // include/uapi/linux/fcntl.h: F_LINUX_SPECIFIC_BASE (1024) + 9
export const F_SEAL_SHRINK = 0x0002;

interface Libc {
  open: (path: string, flags: number, mode: number) => number;
  close: (fd: number) => number;
  ioctl: (fd: number, req: bigint | number, ...args: unknown[]) => number;
  mmap: (addr: null, len: number, prot: number, flags: number, fd: number, off: number | bigint) => unknown;
  munmap: (addr: unknown, len: number) => number;
  memfd_create: (name: string, flags: number) => number;
  ftruncate: (fd: number, len: number | bigint) => number;
  fcntl: (fd: number, cmd: number, ...args: unknown[]) => number;
}

let libc: Libc | undefined;
function lib(): Libc {
  if (libc) return libc;
  let handle;
  try {
    handle = koffi.load('libc.so.6');
  } catch {
    handle = koffi.load('libc.so'); // musl
  }
  libc = {
    open: handle.func('int open(const char *path, int flags, uint32_t mode)'),
    close: handle.func('int close(int fd)'),
    ioctl: handle.func('int ioctl(int fd, unsigned long req, ...)'),
    mmap: handle.func('void *mmap(void *addr, size_t len, int prot, int flags, int fd, int64_t off)'),
    munmap: handle.func('int munmap(void *addr, size_t len)'),
    memfd_create: handle.func('int memfd_create(const char *name, unsigned int flags)'),
    ftruncate: handle.func('int ftruncate(int fd, int64_t len)'),
    fcntl: handle.func('int fcntl(int fd, int cmd, ...)'),
  } as unknown as Libc;
  return libc;
}

function check(result: number, syscall: string, detail?: string): number {
  if (result < 0) {
    const errno = koffi.errno();
    throw new SysError(syscall, errno, ERRNO_NAMES.get(errno) ?? `errno ${errno}`, detail);
  }
  return result;
}

export function open(path: string, flags: number): number {
  return check(lib().open(path, flags | O_CLOEXEC, 0), 'open', path);
}

export function close(fd: number): void {
  check(lib().close(fd), 'close');
}

/** ioctl(2) with a pointer to `arg` (in and out). Request numbers are unsigned long. */
export function ioctl(fd: number, request: number, arg: Uint8Array, what = ''): number {
  return check(lib().ioctl(fd, BigInt(request), 'uint8_t *', arg), 'ioctl', what || `0x${request.toString(16)}`);
}

/** ioctl(2) whose third argument is a plain integer. */
export function ioctlValue(fd: number, request: number, value: number, what = ''): number {
  return check(lib().ioctl(fd, BigInt(request), 'unsigned long', BigInt(value)), 'ioctl', what || `0x${request.toString(16)}`);
}

export interface Mapping {
  bytes: Uint8Array;
  unmap(): void;
}

/** mmap(2) a file descriptor shared and read-write. */
export function mmapShared(fd: number, length: number, offset = 0): Mapping {
  const l = lib();
  const ptr = l.mmap(null, length, PROT_READ | PROT_WRITE, MAP_SHARED, fd, offset);
  // MAP_FAILED is (void *) -1.
  if (ptr === null || koffi.address(ptr) === 0xffffffffffffffffn) check(-1, 'mmap');
  const bytes = new Uint8Array(koffi.view(ptr, length));
  let mapped = true;
  return {
    bytes,
    unmap() {
      if (!mapped) return;
      mapped = false;
      check(l.munmap(ptr, length), 'munmap');
    },
  };
}

export function memfdCreate(name: string, flags: number): number {
  return check(lib().memfd_create(name, flags | MFD_CLOEXEC), 'memfd_create', name);
}

export function ftruncate(fd: number, length: number): void {
  check(lib().ftruncate(fd, length), 'ftruncate');
}

export function fcntlInt(fd: number, cmd: number, arg: number): number {
  return check(lib().fcntl(fd, cmd, 'int', arg), 'fcntl');
}
