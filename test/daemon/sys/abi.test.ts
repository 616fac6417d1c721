import t from 'tap';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import koffi from 'koffi';
import * as libc from '../../../daemon/sys/libc.js';
import * as ancillary from '../../../protocol/ancillary.js';
import { ancillaryLayout, cmsgAlign, cmsgLen, cmsgSpace } from '../../../protocol/ancillary.js';
import { tempDir } from '../../helpers/daemon-process.js';
import { targetCommand } from '../../helpers/target.js';

// The constants and struct sizes daemon/sys/libc.ts and its callers assume,
// checked against the C library's own headers *for the target*: in the ARM
// lanes CC is the cross compiler and the program runs under qemu, so a value
// that differs on armhf or arm64 (open flags do: arch/arm*/include/uapi/asm/fcntl.h
// has its own O_DIRECTORY/O_NOFOLLOW) fails here rather than on a board.
// The expected values are written from the kernel headers, not read from libc.ts.

interface Row { expr: string; expected: number; source: string }

/** struct msghdr / cmsghdr / iovec and the CMSG_* macros (cmsg(3)), by name: the C expression for each. */
const LAYOUT: Array<[string, string]> = [
  ['msghdr.size', 'sizeof(struct msghdr)'],
  ['msghdr.namelen', 'offsetof(struct msghdr, msg_namelen)'],
  ['msghdr.iov', 'offsetof(struct msghdr, msg_iov)'],
  ['msghdr.iovlen', 'offsetof(struct msghdr, msg_iovlen)'],
  ['msghdr.control', 'offsetof(struct msghdr, msg_control)'],
  ['msghdr.controllen', 'offsetof(struct msghdr, msg_controllen)'],
  ['msghdr.flags', 'offsetof(struct msghdr, msg_flags)'],
  ['iovec.size', 'sizeof(struct iovec)'],
  ['iovec.len', 'offsetof(struct iovec, iov_len)'],
  ['cmsghdr.size', 'sizeof(struct cmsghdr)'],
  ['cmsghdr.level', 'offsetof(struct cmsghdr, cmsg_level)'],
  ['cmsghdr.type', 'offsetof(struct cmsghdr, cmsg_type)'],
  ['CMSG_LEN(8)', 'CMSG_LEN(8)'],
  ['CMSG_SPACE(8)', 'CMSG_SPACE(8)'],
  ['CMSG_SPACE(4)', 'CMSG_SPACE(4)'],
  ['CMSG_ALIGN(13)', 'CMSG_ALIGN(13)'],
];

function ancillaryValues(ptr: number): Record<string, number> {
  const l = ancillaryLayout(ptr);
  return {
    'msghdr.size': l.msghdr.size, 'msghdr.namelen': l.msghdr.namelen, 'msghdr.iov': l.msghdr.iov, 'msghdr.iovlen': l.msghdr.iovlen,
    'msghdr.control': l.msghdr.control, 'msghdr.controllen': l.msghdr.controllen, 'msghdr.flags': l.msghdr.flags,
    'iovec.size': l.iovec.size, 'iovec.len': l.iovec.len,
    'cmsghdr.size': l.cmsghdr.size, 'cmsghdr.level': l.cmsghdr.level, 'cmsghdr.type': l.cmsghdr.type,
    'CMSG_LEN(8)': cmsgLen(8, ptr), 'CMSG_SPACE(8)': cmsgSpace(8, ptr), 'CMSG_SPACE(4)': cmsgSpace(4, ptr), 'CMSG_ALIGN(13)': cmsgAlign(13, ptr),
  };
}

const ROWS: Row[] = [
  { expr: 'O_RDWR', expected: 2, source: 'asm-generic/fcntl.h' },
  { expr: 'O_CLOEXEC', expected: 0o2000000, source: 'asm-generic/fcntl.h (arm, arm64 keep it)' },
  { expr: 'O_NONBLOCK', expected: 0o4000, source: 'asm-generic/fcntl.h (arm, arm64 keep it)' },
  { expr: 'F_GETFL', expected: 3, source: 'asm-generic/fcntl.h' },
  { expr: 'F_SETFL', expected: 4, source: 'asm-generic/fcntl.h' },
  { expr: 'F_ADD_SEALS', expected: 1033, source: 'uapi/linux/fcntl.h: F_LINUX_SPECIFIC_BASE + 9' },
  { expr: 'F_SEAL_SHRINK', expected: 2, source: 'uapi/linux/fcntl.h' },
  { expr: 'F_GET_SEALS', expected: 1034, source: 'uapi/linux/fcntl.h: F_LINUX_SPECIFIC_BASE + 10' },
  { expr: 'F_SEAL_SEAL', expected: 1, source: 'uapi/linux/fcntl.h' },
  { expr: 'F_SEAL_GROW', expected: 4, source: 'uapi/linux/fcntl.h' },
  { expr: 'SCM_RIGHTS', expected: 1, source: 'linux/socket.h' },
  { expr: 'MSG_CTRUNC', expected: 8, source: 'linux/socket.h' },
  { expr: 'MSG_CMSG_CLOEXEC', expected: 0x40000000, source: 'linux/socket.h' },
  { expr: 'MFD_CLOEXEC', expected: 1, source: 'uapi/linux/memfd.h' },
  { expr: 'MFD_ALLOW_SEALING', expected: 2, source: 'uapi/linux/memfd.h' },
  { expr: 'PROT_READ', expected: 1, source: 'asm-generic/mman-common.h' },
  { expr: 'PROT_WRITE', expected: 2, source: 'asm-generic/mman-common.h' },
  { expr: 'MAP_SHARED', expected: 1, source: 'uapi/linux/mman.h' },
  { expr: 'AF_UNIX', expected: 1, source: 'linux/socket.h' },
  { expr: 'SOCK_STREAM', expected: 1, source: 'linux/net.h' },
  { expr: 'SOCK_DGRAM', expected: 2, source: 'linux/net.h' },
  { expr: 'SOCK_NONBLOCK', expected: 0o4000, source: 'linux/net.h: O_NONBLOCK' },
  { expr: 'SOL_SOCKET', expected: 1, source: 'asm-generic/socket.h' },
  { expr: 'SO_TYPE', expected: 3, source: 'asm-generic/socket.h' },
  { expr: 'SO_PEERCRED', expected: 17, source: 'asm-generic/socket.h' },
  { expr: 'SO_ACCEPTCONN', expected: 30, source: 'asm-generic/socket.h' },
  { expr: 'SO_PEERGROUPS', expected: 59, source: 'asm-generic/socket.h' },
  { expr: 'MSG_DONTWAIT', expected: 0x40, source: 'linux/socket.h' },
  { expr: 'MSG_NOSIGNAL', expected: 0x4000, source: 'linux/socket.h' },
  { expr: 'POLLIN', expected: 1, source: 'asm-generic/poll.h' },
  { expr: '_SC_PAGESIZE', expected: 30, source: "glibc bits/confname.h (libc.ts's SC_PAGESIZE)" },
  // Layouts the daemon builds by hand in a Uint8Array.
  { expr: 'sizeof(struct pollfd)', expected: 8, source: 'asm-generic/poll.h: int fd; short events, revents' },
  { expr: 'offsetof(struct pollfd, revents)', expected: 6, source: 'asm-generic/poll.h' },
  { expr: 'sizeof(struct ucred)', expected: 12, source: 'linux/socket.h: pid_t, uid_t, gid_t' },
  { expr: 'sizeof(((struct sockaddr_un *)0)->sun_path)', expected: 108, source: 'uapi/linux/un.h: UNIX_PATH_MAX' },
  { expr: 'offsetof(struct sockaddr_un, sun_path)', expected: 2, source: 'uapi/linux/un.h' },
  { expr: 'sizeof(struct dma_buf_sync)', expected: 8, source: 'uapi/linux/dma-buf.h: __u64 flags' },
  { expr: 'sizeof(struct udmabuf_create)', expected: 24, source: 'uapi/linux/udmabuf.h' },
  { expr: 'DMA_BUF_IOCTL_SYNC', expected: 0x40086200, source: "uapi/linux/dma-buf.h: _IOW('b', 0, struct dma_buf_sync)" },
  { expr: 'UDMABUF_CREATE', expected: 0x40187542, source: "uapi/linux/udmabuf.h: _IOW('u', 0x42, struct udmabuf_create)" },
];

t.test('libc constants and struct layouts match the target\'s headers', async (t) => {
  const dir = tempDir(t);
  const src = join(dir, 'abi.c');
  writeFileSync(src, `#define _GNU_SOURCE
#include <stdio.h>
#include <stddef.h>
#include <fcntl.h>
#include <poll.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/uio.h>
#include <linux/dma-buf.h>
#include <linux/udmabuf.h>
int main(void) {
${ROWS.map((r, i) => `  printf("${i} %lu\\n", (unsigned long)(${r.expr}));`).join('\n')}
  printf("ptr %zu\\n", sizeof(void *));
${LAYOUT.map(([name, expr]) => `  printf("${name} %lu\\n", (unsigned long)(${expr}));`).join('\n')}
  return 0;
}
`);
  const exe = join(dir, 'abi');
  const cc = spawnSync(process.env.CC || 'cc', ['-o', exe, src], { encoding: 'utf8' });
  if (cc.error || cc.status !== 0) {
    const why = `cannot compile against the C library and kernel uAPI headers: ${cc.error?.message ?? cc.stderr}`;
    // .ci/run installs gcc and linux-libc-dev (and the cross compilers for the
    // ARM lanes), so in CI this must run; elsewhere the reason is shown.
    if (process.env.CI) t.fail(why);
    else t.skip(why, () => {});
    return;
  }
  const run = spawnSync(...targetCommand(exe), { encoding: 'utf8' });
  t.equal(run.status, 0, `the program ran: ${run.stderr}`);
  const out = new Map(run.stdout.trim().split('\n').map((l) => l.split(' ') as [string, string]));
  ROWS.forEach((row, i) => t.equal(Number(out.get(String(i))), row.expected, `${row.expr} (${row.source})`));
  t.comment(`target pointer width: ${out.get('ptr')} bytes`);
  // The SCM_RIGHTS structs differ by pointer width: protocol/ancillary.ts at the target's width must match its C.
  const ptr = Number(out.get('ptr'));
  const expected = ancillaryValues(ptr);
  for (const [name, expr] of LAYOUT) t.equal(Number(out.get(name)), expected[name], `${expr} at ${ptr}-byte pointers (protocol/ancillary.ts)`);
});

t.test('daemon/sys/libc.ts exports the same values', async (t) => {
  const exported = { ...ancillary, ...libc } as unknown as Record<string, number>;
  for (const row of ROWS) {
    if (/^[A-Z_]+$/.test(row.expr) && row.expr in exported) t.equal(exported[row.expr], row.expected, row.expr);
  }
  t.equal(libc.MAP_FAILED, (1n << BigInt(8 * koffi.sizeof('void *'))) - 1n, 'MAP_FAILED is all ones at this pointer width');
});
