/**
 * The byte layout of the structs that carry SCM_RIGHTS over a Unix socket
 * (`map`'s descriptors, README "Shared buffer"), at a given pointer width.
 * Pure layout arithmetic, no syscalls: the daemon (daemon/sys) and the
 * client (client/fd-passing.ts) build their sendmsg/recvmsg arguments from
 * it, and test/daemon/sys/abi.test.ts holds it to the target's C headers.
 *
 * glibc <bits/socket.h>, musl <sys/socket.h>, include/linux/socket.h:
 *   struct msghdr  { void *msg_name; socklen_t msg_namelen; struct iovec *msg_iov;
 *                    size_t msg_iovlen; void *msg_control; size_t msg_controllen; int msg_flags; };
 *   struct cmsghdr { size_t cmsg_len; int cmsg_level; int cmsg_type; };   // then the data
 *   struct iovec   { void *iov_base; size_t iov_len; };
 * musl on 64-bit spells msg_iovlen, msg_controllen and cmsg_len as a 32-bit
 * field plus padding; on little-endian targets a 64-bit write of a small
 * value puts the same bytes at the same offsets, so one layout serves both.
 */

/** include/linux/socket.h; asm-generic/socket.h (x86, arm, arm64 share them). */
export const SCM_RIGHTS = 1;
export const SOL_SOCKET = 1;
/** include/linux/socket.h: the kernel set MSG_CTRUNC when the control buffer was too small (fds were closed). */
export const MSG_CTRUNC = 0x8;
/** include/linux/socket.h: received descriptors get O_CLOEXEC atomically. */
export const MSG_CMSG_CLOEXEC = 0x40000000;

export interface AncillaryLayout {
  ptr: number;
  msghdr: { size: number; name: number; namelen: number; iov: number; iovlen: number; control: number; controllen: number; flags: number };
  iovec: { size: number; base: number; len: number };
  cmsghdr: { size: number; len: number; level: number; type: number };
}

/** The layouts at pointer width `ptr` (4 on armhf, 8 on arm64 and x86-64); size_t is pointer-wide on all of them. */
export function ancillaryLayout(ptr: number): AncillaryLayout {
  if (ptr !== 4 && ptr !== 8) throw new RangeError(`pointer width ${ptr} is not 4 or 8`);
  const align = (n: number, a: number): number => Math.ceil(n / a) * a;
  const namelen = ptr;
  const iov = align(namelen + 4, ptr);
  const flags = iov + 4 * ptr;
  return {
    ptr,
    msghdr: { size: align(flags + 4, ptr), name: 0, namelen, iov, iovlen: iov + ptr, control: iov + 2 * ptr, controllen: iov + 3 * ptr, flags },
    iovec: { size: 2 * ptr, base: 0, len: ptr },
    cmsghdr: { size: ptr + 8, len: 0, level: ptr, type: ptr + 4 },
  };
}

/** cmsg(3): CMSG_ALIGN rounds up to sizeof(size_t). */
export function cmsgAlign(n: number, ptr: number): number {
  return Math.ceil(n / ptr) * ptr;
}

/** cmsg(3): CMSG_LEN(n), the cmsg_len of a message with n data bytes. */
export function cmsgLen(n: number, ptr: number): number {
  return cmsgAlign(ancillaryLayout(ptr).cmsghdr.size, ptr) + n;
}

/** cmsg(3): CMSG_SPACE(n), the bytes a message with n data bytes takes in the control buffer. */
export function cmsgSpace(n: number, ptr: number): number {
  return cmsgAlign(ancillaryLayout(ptr).cmsghdr.size, ptr) + cmsgAlign(n, ptr);
}

/** One SCM_RIGHTS control message holding `fds` (int each, host byte order: little-endian on every spifb target). */
export function encodeScmRights(fds: readonly number[], ptr: number): Uint8Array {
  const l = ancillaryLayout(ptr).cmsghdr;
  const out = new Uint8Array(cmsgSpace(4 * fds.length, ptr));
  const v = new DataView(out.buffer);
  writeSize(v, l.len, cmsgLen(4 * fds.length, ptr), ptr);
  v.setInt32(l.level, SOL_SOCKET, true);
  v.setInt32(l.type, SCM_RIGHTS, true);
  const data = cmsgAlign(l.size, ptr);
  fds.forEach((fd, i) => v.setInt32(data + 4 * i, fd, true));
  return out;
}

/**
 * Every descriptor in the SCM_RIGHTS messages of a received control buffer
 * (`length` is msg_controllen as the kernel left it). Other message types
 * are skipped; a malformed header ends the walk, as CMSG_NXTHDR does.
 */
export function decodeScmRights(control: Uint8Array, length: number, ptr: number): number[] {
  const l = ancillaryLayout(ptr).cmsghdr;
  const v = new DataView(control.buffer, control.byteOffset, Math.min(length, control.byteLength));
  const header = cmsgAlign(l.size, ptr);
  const fds: number[] = [];
  for (let at = 0; at + l.size <= v.byteLength;) {
    const len = readSize(v, at + l.len, ptr);
    if (len < header || at + len > v.byteLength) break;
    if (v.getInt32(at + l.level, true) === SOL_SOCKET && v.getInt32(at + l.type, true) === SCM_RIGHTS) {
      for (let o = at + header; o + 4 <= at + len; o += 4) fds.push(v.getInt32(o, true));
    }
    at += cmsgAlign(len, ptr);
  }
  return fds;
}

/** A size_t or pointer field, little-endian. */
export function writeSize(v: DataView, at: number, value: number | bigint, ptr: number): void {
  if (ptr === 8) v.setBigUint64(at, BigInt(value), true);
  else v.setUint32(at, Number(value), true);
}

export function readSize(v: DataView, at: number, ptr: number): number {
  return ptr === 8 ? Number(v.getBigUint64(at, true)) : v.getUint32(at, true);
}

/**
 * One block holding a msghdr, its single iovec, the control buffer and the
 * data, laid out back to back (each part pointer-aligned), so a caller
 * allocates native memory once and passes sendmsg/recvmsg one pointer.
 */
export interface MessageBlock {
  ptr: number;
  size: number;
  iov: number;
  control: number;
  controlLength: number;
  data: number;
  dataLength: number;
}

export function messageBlock(ptr: number, dataLength: number, controlLength: number): MessageBlock {
  const l = ancillaryLayout(ptr);
  const iov = cmsgAlign(l.msghdr.size, ptr);
  const control = iov + l.iovec.size;
  const data = control + cmsgAlign(controlLength, ptr);
  return { ptr, size: data + Math.max(1, dataLength), iov, control, controlLength, data, dataLength };
}

/** Fill the msghdr and iovec of `block`, which lives at native address `base`. */
export function writeMsghdr(bytes: Uint8Array, base: bigint, block: MessageBlock): void {
  const { ptr } = block;
  const l = ancillaryLayout(ptr);
  const v = new DataView(bytes.buffer, bytes.byteOffset, block.size);
  bytes.fill(0, 0, block.control);
  writeSize(v, l.msghdr.iov, base + BigInt(block.iov), ptr);
  writeSize(v, l.msghdr.iovlen, 1, ptr);
  writeSize(v, l.msghdr.control, block.controlLength > 0 ? base + BigInt(block.control) : 0n, ptr);
  writeSize(v, l.msghdr.controllen, block.controlLength, ptr);
  writeSize(v, block.iov + l.iovec.base, base + BigInt(block.data), ptr);
  writeSize(v, block.iov + l.iovec.len, block.dataLength, ptr);
}
