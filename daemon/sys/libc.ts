import { constants } from 'node:os';
import koffi from 'koffi';
import { encodeScmRights, messageBlock, writeMsghdr } from '../../protocol/ancillary.js';

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
  ENOSPC: 'no space left on device',
  EFBIG: 'file too large',
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
export const F_GET_SEALS = 1034; // F_LINUX_SPECIFIC_BASE + 10
/** Seal bits, include/uapi/linux/fcntl.h; semantics in fcntl(2) "File Sealing" and memfd_create(2). */
export const F_SEAL_SEAL = 0x0001; // no more seals may be added
export const F_SEAL_SHRINK = 0x0002;
export const F_SEAL_GROW = 0x0004;
/** Linux ≥ 5.1: no new writable mapping or write(2), existing writable mappings keep working. */
export const F_SEAL_FUTURE_WRITE = 0x0010;

interface Libc {
  open: (path: string, flags: number, mode: number) => number;
  close: (fd: number) => number;
  ioctl: (fd: number, req: bigint | number, ...args: unknown[]) => number;
  mmap: (addr: null, len: number, prot: number, flags: number, fd: number, off: number | bigint) => unknown;
  munmap: (addr: unknown, len: number) => number;
  memfd_create: (name: string, flags: number) => number;
  ftruncate: (fd: number, len: number | bigint) => number;
  fcntl: (fd: number, cmd: number, ...args: unknown[]) => number;
  fallocate: (fd: number, mode: number, offset: number | bigint, len: number | bigint) => number;
  fchmod: (fd: number, mode: number) => number;
  sendmsg: (fd: number, msg: unknown, flags: number) => number | bigint;
  sysconf: (name: number) => number;
  socket: (domain: number, type: number, protocol: number) => number;
  bind: (fd: number, addr: Uint8Array, len: number) => number;
  listen: (fd: number, backlog: number) => number;
  sendto: (fd: number, buf: Uint8Array, len: number, flags: number, addr: Uint8Array, alen: number) => number;
  recv: (fd: number, buf: Uint8Array, len: number, flags: number) => number;
  getsockopt: (fd: number, level: number, name: number, val: Uint8Array, len: Uint32Array) => number;
  read: (fd: number, buf: Uint8Array, len: number) => number;
  poll: { async: (fds: Uint8Array, n: number, timeoutMs: number, cb: (err: unknown, res: number) => void) => void };
  flock: (fd: number, op: number) => number;
}

let libc: Libc | undefined;
function lib(): Libc {
  if (libc) return libc;
  // The process's global symbol scope (dlopen(NULL)), not libc.so.6 by name:
  // symbols then resolve as they do for any C program, so an LD_PRELOAD
  // library (the emulated kernel devices in test/emulation) sees these calls.
  // glibc and musl both export everything used here.
  const handle = koffi.load(null);
  // off_t is 32 bits on 32-bit glibc (armhf) unless a program is built with
  // _FILE_OFFSET_BITS=64, so `ftruncate(int, int64_t)` there reads the length
  // from the wrong register (the file stays at 1 byte; the first write into
  // its mapping is SIGBUS). The LFS entry points take a 64-bit off64_t on
  // every glibc target (on 64-bit ones they are aliases of the plain names);
  // musl's off_t is 64-bit everywhere and it keeps the *64 names for binary
  // compatibility, so the plain names with int64_t are right where they are missing.
  const lfs = (name: string, decl: (fn: string) => string): unknown => {
    try {
      return handle.func(decl(`${name}64`));
    } catch {
      return handle.func(decl(name));
    }
  };
  libc = {
    open: handle.func('int open(const char *path, int flags, uint32_t mode)'),
    close: handle.func('int close(int fd)'),
    ioctl: handle.func('int ioctl(int fd, unsigned long req, ...)'),
    mmap: lfs('mmap', (fn) => `void *${fn}(void *addr, size_t len, int prot, int flags, int fd, int64_t off)`),
    munmap: handle.func('int munmap(void *addr, size_t len)'),
    memfd_create: handle.func('int memfd_create(const char *name, unsigned int flags)'),
    ftruncate: lfs('ftruncate', (fn) => `int ${fn}(int fd, int64_t len)`),
    fcntl: handle.func('int fcntl(int fd, int cmd, ...)'),
    // fallocate(2) takes two off_t: the same 32-bit trap as ftruncate on armhf.
    fallocate: lfs('fallocate', (fn) => `int ${fn}(int fd, int mode, int64_t offset, int64_t len)`),
    fchmod: handle.func('int fchmod(int fd, uint32_t mode)'),
    sendmsg: handle.func('intptr_t sendmsg(int fd, void *msg, int flags)'),
    sysconf: handle.func('long sysconf(int name)'),
    socket: handle.func('int socket(int domain, int type, int protocol)'),
    bind: handle.func('int bind(int fd, const uint8_t *addr, uint32_t len)'),
    listen: handle.func('int listen(int fd, int backlog)'),
    sendto: handle.func('intptr_t sendto(int fd, const uint8_t *buf, size_t len, int flags, const uint8_t *addr, uint32_t alen)'),
    recv: handle.func('intptr_t recv(int fd, _Out_ uint8_t *buf, size_t len, int flags)'),
    getsockopt: handle.func('int getsockopt(int fd, int level, int name, _Out_ uint8_t *val, _Inout_ uint32_t *len)'),
    read: handle.func('intptr_t read(int fd, _Out_ uint8_t *buf, size_t len)'),
    poll: handle.func('int poll(_Inout_ uint8_t *fds, unsigned long n, int timeout)'),
    flock: handle.func('int flock(int fd, int operation)'),
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

/** (void *) -1 at the pointer width of this process: 0xffffffff on 32-bit ARM. */
export const MAP_FAILED = (1n << BigInt(8 * koffi.sizeof('void *'))) - 1n;

export interface Mapping {
  bytes: Uint8Array;
  unmap(): void;
}

/** mmap(2) a file descriptor shared and read-write. */
export function mmapShared(fd: number, length: number, offset = 0): Mapping {
  const l = lib();
  const ptr = l.mmap(null, length, PROT_READ | PROT_WRITE, MAP_SHARED, fd, offset);
  if (ptr === null || koffi.address(ptr) === MAP_FAILED) check(-1, 'mmap');
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

/** _SC_PAGESIZE from glibc's bits/confname.h (musl's is the same). */
const SC_PAGESIZE = 30;

/** The MMU page size: 4 KiB on most boards, 16 or 64 KiB on some arm64 kernels. */
export function pageSize(): number {
  const n = lib().sysconf(SC_PAGESIZE);
  return n > 0 ? n : 4096;
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

/**
 * fallocate(2) mode 0: allocate [offset, offset+length) now, so a full
 * tmpfs or memory cgroup fails here (ENOSPC, ENOMEM; EFBIG past
 * RLIMIT_FSIZE) rather than as SIGBUS on the first touch of a page.
 */
export function fallocate(fd: number, offset: number, length: number): void {
  check(lib().fallocate(fd, 0, offset, length), 'fallocate', `${length} bytes`);
}

export function fchmod(fd: number, mode: number): void {
  check(lib().fchmod(fd, mode), 'fchmod');
}

/**
 * Sockets Node's `net` cannot make: AF_UNIX datagrams (sd_notify) and raw
 * listening sockets handed to a child (socket activation tests), plus
 * getsockopt for SO_PEERCRED. Constants from include/linux/socket.h,
 * include/linux/net.h and asm-generic/socket.h (x86, arm, arm64 share them).
 */
export const AF_UNIX = 1;
export const SOCK_STREAM = 1;
export const SOCK_DGRAM = 2;
export const SOCK_NONBLOCK = 0o4000;
export const SOCK_CLOEXEC = O_CLOEXEC;
export const SOL_SOCKET = 1;
export const SO_TYPE = 3;
export const SO_PEERCRED = 17;
export const SO_ACCEPTCONN = 30;
export const SO_PEERGROUPS = 59;
export const MSG_DONTWAIT = 0x40;
export const MSG_NOSIGNAL = 0x4000;

export function socket(domain: number, type: number): number {
  return check(lib().socket(domain, type | SOCK_CLOEXEC, 0), 'socket');
}

/** `addr` is the raw sockaddr bytes (see daemon/service/sockaddr-un.ts). */
export function bind(fd: number, addr: Uint8Array): void {
  check(lib().bind(fd, addr, addr.length), 'bind');
}

export function listen(fd: number, backlog: number): void {
  check(lib().listen(fd, backlog), 'listen');
}

/**
 * sendmsg(2) of `data` with `fds` attached as one SCM_RIGHTS message
 * (unix(7): the descriptors travel with the first byte of `data`). Returns
 * the bytes the kernel took: on a stream socket possibly fewer than
 * `data.length` (the descriptors went with the first of them); throws EAGAIN
 * when it took none.
 */
export function sendWithRights(fd: number, data: Uint8Array, fds: readonly number[], flags: number): number {
  const ptr = koffi.sizeof('void *');
  const control = encodeScmRights(fds, ptr);
  const block = messageBlock(ptr, data.length, control.length);
  const mem = koffi.alloc('uint8_t', block.size);
  try {
    const bytes = new Uint8Array(koffi.view(mem, block.size));
    writeMsghdr(bytes, BigInt(koffi.address(mem)), block);
    bytes.set(control, block.control);
    bytes.set(data, block.data);
    return check(Number(lib().sendmsg(fd, mem, flags)), 'sendmsg');
  } finally {
    koffi.free(mem);
  }
}

export function sendto(fd: number, bytes: Uint8Array, flags: number, addr: Uint8Array): number {
  return check(Number(lib().sendto(fd, bytes, bytes.length, flags, addr, addr.length)), 'sendto');
}

/** recv(2) into `buf`; returns the byte count (throws EAGAIN when nothing waits and MSG_DONTWAIT is set). */
export function recv(fd: number, buf: Uint8Array, flags: number): number {
  return check(Number(lib().recv(fd, buf, buf.length, flags)), 'recv');
}

/** getsockopt(2) into `buf`; returns the length the kernel wrote. */
export function getsockopt(fd: number, level: number, name: number, buf: Uint8Array): number {
  const len = Uint32Array.of(buf.length);
  check(lib().getsockopt(fd, level, name, buf, len), 'getsockopt', `${name}`);
  return len[0];
}

/** read(2) into `buf`; returns the byte count (throws EAGAIN on an empty O_NONBLOCK descriptor). */
export function read(fd: number, buf: Uint8Array, what = ''): number {
  return check(Number(lib().read(fd, buf, buf.length)), 'read', what);
}

/** poll(2) event bit, include/uapi/asm-generic/poll.h. */
export const POLLIN = 0x0001;

/**
 * poll(2) one descriptor on a koffi worker thread, so waiting for a GPIO edge
 * never blocks the event loop. Resolves with revents (0 on timeout).
 */
export function pollAsync(fd: number, events: number, timeoutMs: number): Promise<number> {
  // struct pollfd { int fd; short events; short revents; } (include/uapi/asm-generic/poll.h): 8 bytes.
  const pfd = new Uint8Array(8);
  const view = new DataView(pfd.buffer);
  view.setInt32(0, fd, true);
  view.setInt16(4, events, true);
  return new Promise((resolve, reject) => {
    lib().poll.async(pfd, 1, Math.max(0, Math.round(timeoutMs)), (err, res) => {
      if (err) reject(err instanceof Error ? err : new Error(String(err)));
      else if (res < 0) reject(new SysError('poll', 0, 'EINTR', `fd ${fd}`));
      else resolve(view.getInt16(6, true));
    });
  });
}

/**
 * flock(2) operations, include/uapi/asm-generic/fcntl.h (LOCK_SH 1, LOCK_EX 2,
 * LOCK_NB 4, LOCK_UN 8; the same on every Linux architecture). A lock belongs
 * to the open file description: it lasts while the descriptor is open and
 * goes away by itself when the process dies, however it dies.
 */
export const LOCK_EX = 2;
export const LOCK_NB = 4;

/** flock(2); with LOCK_NB a lock held elsewhere throws SysError EWOULDBLOCK (EAGAIN on Linux). */
export function flock(fd: number, operation: number, what = ''): void {
  check(lib().flock(fd, operation), 'flock', what);
}
