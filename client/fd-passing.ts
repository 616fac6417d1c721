import type { Socket } from 'node:net';
import koffi from 'koffi';
import {
  ancillaryLayout, cmsgSpace, decodeScmRights, messageBlock, MSG_CMSG_CLOEXEC, MSG_CTRUNC, readSize, writeMsghdr,
} from '../protocol/ancillary.js';

/**
 * The client's own small FFI (client/ may not import daemon/): recvmsg for
 * the descriptors `map` sends with SCM_RIGHTS, and what it takes to check
 * and map them. Node's `net` reads with read(2), which would drop (close)
 * them, so the connection stops libuv's reading and reads with this.
 */

/** include/linux/socket.h, asm-generic/poll.h, asm-generic/fcntl.h, uapi/linux/fcntl.h, mman-common.h. */
const MSG_DONTWAIT = 0x40;
const POLLIN = 0x1;
export const F_GET_SEALS = 1034;
export const F_SEAL_SEAL = 0x1;
export const F_SEAL_SHRINK = 0x2;
export const F_SEAL_GROW = 0x4;
const F_GETFL = 3;
const O_ACCMODE = 3;
export const O_RDONLY = 0;
export const O_RDWR = 2;
export const PROT_READ = 1;
export const PROT_WRITE = 2;
export const MAP_SHARED = 1;
const SEEK_END = 2;
/** The most descriptors one read accepts; more than `map` sends, so extras are seen (and closed), not truncated. */
const MAX_FDS = 8;

interface Libc {
  recvmsg: (fd: number, msg: unknown, flags: number) => number | bigint;
  poll: { async: (fds: Uint8Array, n: number, timeout: number, cb: (err: unknown, res: number) => void) => void };
  fcntl: (fd: number, cmd: number, ...args: unknown[]) => number;
  lseek: (fd: number, off: number | bigint, whence: number) => number | bigint;
  mmap: (addr: null, len: number, prot: number, flags: number, fd: number, off: number | bigint) => unknown;
  munmap: (addr: unknown, len: number) => number;
  close: (fd: number) => number;
  ftruncate: (fd: number, len: number | bigint) => number;
}
let libc: Libc | undefined;
function lib(): Libc {
  if (libc) return libc;
  const h = koffi.load(null);
  // 64-bit off_t entry points where glibc has them (32-bit ARM: plain off_t is 32 bits); musl's plain names are 64-bit.
  const lfs = (name: string, decl: (fn: string) => string): unknown => {
    try {
      return h.func(decl(`${name}64`));
    } catch {
      return h.func(decl(name));
    }
  };
  libc = {
    recvmsg: h.func('intptr_t recvmsg(int fd, void *msg, int flags)'),
    poll: h.func('int poll(_Inout_ uint8_t *fds, unsigned long n, int timeout)'),
    fcntl: h.func('int fcntl(int fd, int cmd, ...)'),
    lseek: lfs('lseek', (fn) => `int64_t ${fn}(int fd, int64_t off, int whence)`),
    mmap: lfs('mmap', (fn) => `void *${fn}(void *addr, size_t len, int prot, int flags, int fd, int64_t off)`),
    munmap: h.func('int munmap(void *addr, size_t len)'),
    close: h.func('int close(int fd)'),
    ftruncate: lfs('ftruncate', (fn) => `int ${fn}(int fd, int64_t len)`),
  } as unknown as Libc;
  return libc;
}

/** A failed call, with its errno. */
export class FdError extends Error {
  constructor(readonly syscall: string, readonly errno: number) {
    super(`${syscall} failed (errno ${errno})`);
  }
}

function check(n: number | bigint, syscall: string): number {
  if (Number(n) < 0) throw new FdError(syscall, koffi.errno());
  return Number(n);
}

const EAGAIN = 11;
const EINTR = 4;

/** What one recvmsg returned: bytes, descriptors, and whether the kernel had to drop descriptors. */
export interface Received {
  data: Buffer;
  fds: number[];
  truncated: boolean;
}

/** One non-blocking recvmsg(2) (MSG_CMSG_CLOEXEC); null when nothing is waiting. An empty `data` is end of stream. */
export function receive(fd: number, maxBytes = 65536): Received | null {
  const ptr = koffi.sizeof('void *');
  const controlLength = cmsgSpace(4 * MAX_FDS, ptr);
  const block = messageBlock(ptr, maxBytes, controlLength);
  const mem = koffi.alloc('uint8_t', block.size);
  try {
    const bytes = new Uint8Array(koffi.view(mem, block.size));
    writeMsghdr(bytes, BigInt(koffi.address(mem)), block);
    const n = Number(lib().recvmsg(fd, mem, MSG_DONTWAIT | MSG_CMSG_CLOEXEC));
    if (n < 0) {
      const errno = koffi.errno();
      if (errno === EAGAIN || errno === EINTR) return null;
      throw new FdError('recvmsg', errno);
    }
    const l = ancillaryLayout(ptr).msghdr;
    const v = new DataView(bytes.buffer, bytes.byteOffset, block.size);
    const got = readSize(v, l.controllen, ptr);
    const fds = decodeScmRights(bytes.subarray(block.control, block.control + controlLength), got, ptr);
    return {
      data: Buffer.from(bytes.subarray(block.data, block.data + n)),
      fds,
      truncated: (v.getInt32(l.flags, true) & MSG_CTRUNC) !== 0,
    };
  } finally {
    koffi.free(mem);
  }
}

/** poll(2) for POLLIN on a koffi worker thread; true when readable (or hung up), false on timeout. */
export function waitReadable(fd: number, timeoutMs: number): Promise<boolean> {
  const pfd = new Uint8Array(8); // struct pollfd { int fd; short events; short revents; }
  const v = new DataView(pfd.buffer);
  v.setInt32(0, fd, true);
  v.setInt16(4, POLLIN, true);
  return new Promise((resolve, reject) => {
    lib().poll.async(pfd, 1, timeoutMs, (err, res) => {
      if (err) reject(err instanceof Error ? err : new Error(String(err)));
      else resolve(res > 0);
    });
  });
}

/** libuv keeps the descriptor on the handle; Node has no public accessor for it. */
export function socketFd(socket: Socket): number | undefined {
  const fd = (socket as unknown as { _handle?: { fd?: number } })._handle?.fd;
  return typeof fd === 'number' && fd >= 0 ? fd : undefined;
}

/** fcntl(F_GET_SEALS): EINVAL for anything that is not a memfd (or other sealable shmem file). */
export function seals(fd: number): number {
  return check(lib().fcntl(fd, F_GET_SEALS, 'int', 0), 'fcntl(F_GET_SEALS)');
}

/** O_RDONLY or O_RDWR: how the descriptor was opened. */
export function accessMode(fd: number): number {
  return check(lib().fcntl(fd, F_GETFL, 'int', 0), 'fcntl(F_GETFL)') & O_ACCMODE;
}

/** The file's size, by seeking to its end (no struct stat layout to get right per target). */
export function fileSize(fd: number): number {
  return check(lib().lseek(fd, 0, SEEK_END), 'lseek');
}

export function closeFd(fd: number): void {
  lib().close(fd);
}

/** ftruncate(2); exported for the tests that play a hostile client. */
export function truncate(fd: number, length: number): void {
  check(lib().ftruncate(fd, length), 'ftruncate');
}

export interface Mapped {
  bytes: Uint8Array;
  unmap(): void;
}

/** mmap(2) `length` bytes of `fd`, MAP_SHARED, at offset 0. */
export function mapShared(fd: number, length: number, prot: number): Mapped {
  const l = lib();
  const p = l.mmap(null, length, prot, MAP_SHARED, fd, 0);
  const failed = (1n << BigInt(8 * koffi.sizeof('void *'))) - 1n; // MAP_FAILED at this pointer width
  if (p === null || BigInt(koffi.address(p)) === failed) throw new FdError('mmap', koffi.errno());
  const bytes = new Uint8Array(koffi.view(p, length));
  let mapped = true;
  return {
    bytes,
    unmap() {
      if (!mapped) return;
      mapped = false;
      l.munmap(p, length);
    },
  };
}
