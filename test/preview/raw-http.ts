import { request } from 'node:http';
import { createConnection, type Socket } from 'node:net';
import koffi from 'koffi';

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * One request with any method and Host (fetch forbids setting Host); the
 * body is read whole, except an event stream's, which never ends (body '').
 */
export function ask(base: string, path: string, options: { method?: string; host?: string } = {}): Promise<Reply> {
  const url = new URL(path, base);
  return new Promise((resolve, reject) => {
    const req = request(url, { method: options.method ?? 'GET', headers: options.host ? { host: options.host } : {}, agent: false }, (res) => {
      if (res.headers['content-type'] === 'text/event-stream') {
        req.destroy();
        resolve({ status: res.statusCode!, headers: res.headers, body: '' });
        return;
      }
      let body = '';
      res.setEncoding('utf8').on('data', (d) => (body += d)).on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject).end();
  });
}

/**
 * A raw `GET /events` that reads the status line and then stops reading
 * (the socket is paused): what a tab that went to sleep, or an attacker, does.
 */
export function stalledStream(port: number): Promise<{ status: number; socket: Socket }> {
  return new Promise((resolve, reject) => {
    const socket = createConnection(port, '127.0.0.1');
    let head = '';
    socket.on('error', () => {});
    socket.once('error', reject);
    socket.write(`GET /events HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`);
    socket.on('data', function first(d) {
      head += d;
      const m = /^HTTP\/1\.1 (\d{3})/.exec(head);
      if (!m) return;
      socket.off('data', first);
      socket.pause();
      resolve({ status: Number(m[1]), socket });
    });
  });
}

// Linux socket constants (include/uapi/asm-generic/socket.h, netinet/in.h); the
// same on x86 and ARM, where these tests run.
const AF_INET = 2;
const SOCK_STREAM = 1;
const SOL_SOCKET = 1;
const SO_RCVBUF = 8;
const IPPROTO_TCP = 6;
const TCP_MAXSEG = 2;

let libc: {
  socket: (d: number, t: number, p: number) => number;
  setsockopt: (fd: number, level: number, name: number, val: Int32Array, len: number) => number;
  connect: (fd: number, addr: Uint8Array, len: number) => number;
  send: (fd: number, buf: Uint8Array, len: number, flags: number) => number;
  close: (fd: number) => number;
} | undefined;
function lib(): NonNullable<typeof libc> {
  if (libc) return libc;
  const h = koffi.load(null);
  libc = {
    socket: h.func('int socket(int, int, int)'),
    setsockopt: h.func('int setsockopt(int, int, int, const int32_t *, uint32_t)'),
    connect: h.func('int connect(int, const uint8_t *, uint32_t)'),
    send: h.func('intptr_t send(int, const uint8_t *, size_t, int)'),
    close: h.func('int close(int)'),
  } as unknown as NonNullable<typeof libc>;
  return libc;
}

/**
 * A `GET /events` client that never reads, with the smallest receive buffer
 * the kernel allows, set before connect so the window it advertises stays
 * tiny: the daemon's socket then fills after some tens of KB rather than
 * megabytes (loopback's buffers), as it would for a stalled reader on a real
 * network. Node's `net` cannot set socket options, hence libc.
 */
export class SlowReader {
  private fd: number;

  constructor(port: number) {
    const c = lib();
    this.fd = c.socket(AF_INET, SOCK_STREAM, 0);
    if (this.fd < 0) throw new Error(`socket: errno ${koffi.errno()}`);
    if (c.setsockopt(this.fd, SOL_SOCKET, SO_RCVBUF, Int32Array.of(1), 4) < 0) throw new Error(`SO_RCVBUF: errno ${koffi.errno()}`);
    // A small MSS in the SYN keeps the daemon's send buffer small too (Linux sizes it from the MSS, tcp_sndbuf_expand).
    if (c.setsockopt(this.fd, IPPROTO_TCP, TCP_MAXSEG, Int32Array.of(536), 4) < 0) throw new Error(`TCP_MAXSEG: errno ${koffi.errno()}`);
    // struct sockaddr_in: family (host order), port (network order), 127.0.0.1, 8 bytes of zero.
    const addr = new Uint8Array(16);
    const view = new DataView(addr.buffer);
    view.setUint16(0, AF_INET, true);
    view.setUint16(2, port, false);
    addr.set([127, 0, 0, 1], 4);
    if (c.connect(this.fd, addr, addr.length) < 0) throw new Error(`connect: errno ${koffi.errno()}`);
    const req = new TextEncoder().encode(`GET /events HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`);
    if (c.send(this.fd, req, req.length, 0) !== req.length) throw new Error('send: short');
  }

  close(): void {
    if (this.fd >= 0) lib().close(this.fd);
    this.fd = -1;
  }
}
