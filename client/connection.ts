import { createConnection, type Socket } from 'node:net';
import { EventEmitter } from 'node:events';
import { SpifbError } from '../protocol/errors.js';
import { encodeFrame, FrameDecoder, DEFAULT_MAX_FRAME_BYTES } from '../protocol/framing.js';
import type { OpName, Ops } from '../protocol/ops.js';
import { checkPeer, trustedUids, type PeerTrust } from './peer-check.js';
import { closeFd, receive, socketFd, waitReadable } from './fd-passing.js';

/** Bytes per read from the socket. */
const READ_CHUNK = 64 * 1024;

interface Pending {
  resolve: (value: unknown) => void;
  reject: (err: SpifbError) => void;
  timer?: NodeJS.Timeout;
}

/**
 * One socket to the daemon: request ids, replies matched to requests, events
 * passed on as `event` ({event, ...}). Errors are SpifbError with the wire code.
 */
export class Connection extends EventEmitter<{ event: [Record<string, unknown>]; close: [] }> {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly decoder = new FrameDecoder(DEFAULT_MAX_FRAME_BYTES * 2);
  private closedError?: SpifbError;

  private constructor(private readonly socket: Socket, private readonly timeoutMs: number) {
    super();
    // Data comes through `onread` (see open): then pause() really stops libuv reading, which
    // requestWithDescriptors needs.
    socket.on('close', () => this.onClose());
    socket.on('error', (err) => {
      this.closedError ??= new SpifbError('ECLOSED', `connection failed: ${err.message}`);
    });
  }

  /** Connect to `path`; rejects EUNTRUSTED_DAEMON when its listener's uid is not trusted (peer-check.ts). */
  static open(path: string, timeoutMs: number, signal?: AbortSignal, trust: PeerTrust = {}): Promise<Connection> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(new SpifbError('ECLOSED', 'aborted before connecting'));
      let trusted: Set<number>;
      try {
        trusted = trustedUids(trust);
      } catch (err) {
        return reject(err);
      }
      let opened: Connection | undefined;
      // `onread` rather than 'data' events: then pause() stops libuv's reading (requestWithDescriptors).
      const socket = createConnection({
        path,
        onread: {
          buffer: () => Buffer.allocUnsafe(READ_CHUNK),
          callback: (n: number, buf: Uint8Array) => {
            opened?.onData(Buffer.from(buf.buffer, buf.byteOffset, n));
            return true; // false would pause
          },
        },
      });
      const onAbort = (): void => {
        socket.destroy();
        reject(new SpifbError('ECLOSED', 'aborted while connecting'));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      socket.once('connect', () => {
        signal?.removeEventListener('abort', onAbort);
        try {
          // Before any byte is sent or read: nothing from an untrusted peer is parsed.
          checkPeer(socket, path, trusted);
        } catch (err) {
          socket.destroy();
          return reject(err);
        }
        const conn = (opened = new Connection(socket, timeoutMs));
        if (signal) {
          const onAbortOpen = (): void => conn.close();
          signal.addEventListener('abort', onAbortOpen, { once: true });
          // A long-lived signal must not collect one closure per connection.
          conn.once('close', () => signal.removeEventListener('abort', onAbortOpen));
        }
        resolve(conn);
      });
      socket.once('error', (err: NodeJS.ErrnoException) => {
        signal?.removeEventListener('abort', onAbort);
        const missing = err.code === 'ENOENT' || err.code === 'ECONNREFUSED';
        reject(new SpifbError(missing ? 'ENO_DAEMON' : 'ECLOSED',
          missing ? `no spifbd listening on ${path} (start it, or pass --socket / set SPIFB_SOCKET)` : `${path}: ${err.message}`));
      });
    });
  }

  request<K extends OpName>(op: K, params: Ops[K]['params']): Promise<Ops[K]['result']> {
    if (this.closedError || this.socket.destroyed) {
      return Promise.reject(this.closedError ?? new SpifbError('ECLOSED', 'connection is closed'));
    }
    const id = this.nextId;
    this.nextId = this.nextId >= 0xffffffff ? 1 : this.nextId + 1;
    return new Promise((resolve, reject) => {
      const entry: Pending = { resolve: resolve as (v: unknown) => void, reject };
      if (this.timeoutMs > 0) {
        entry.timer = setTimeout(() => {
          this.pending.delete(id);
          reject(new SpifbError('ETIMEOUT', `${op}: no reply within ${this.timeoutMs} ms`));
        }, this.timeoutMs);
      }
      this.pending.set(id, entry);
      this.socket.write(encodeFrame({ ...params, id, op }));
    });
  }

  /** One descriptor read at a time: each stops and restarts libuv's reading. */
  private descriptorRead: Promise<unknown> = Promise.resolve();

  /**
   * A request whose reply frame carries descriptors (SCM_RIGHTS, with its
   * first byte: protocol/README.md "`map`"). libuv reads with read(2), which
   * would drop (close) them, so libuv's reading is stopped before the request
   * goes out and this reads with recvmsg until the reply is in; every byte
   * read on the way is handled as usual (events, other replies), in order.
   * Descriptors of a failed reply are closed.
   */
  requestWithDescriptors<K extends OpName>(op: K, params: Ops[K]['params']): Promise<{ result: Ops[K]['result']; fds: number[] }> {
    const run = this.descriptorRead.then(() => this.readDescriptors(op, params), () => this.readDescriptors(op, params));
    this.descriptorRead = run.catch(() => {});
    return run;
  }

  private async readDescriptors<K extends OpName>(op: K, params: Ops[K]['params']): Promise<{ result: Ops[K]['result']; fds: number[] }> {
    const fd = socketFd(this.socket);
    if (fd === undefined || this.socket.destroyed) throw this.closedError ?? new SpifbError('ECLOSED', 'connection is closed');
    const fds: number[] = [];
    let truncated = false;
    this.socket.pause();
    const id = this.nextId;
    const reply = this.request(op, params);
    reply.catch(() => {});
    try {
      while (this.pending.has(id)) {
        const got = receive(fd);
        if (!got) {
          await waitReadable(fd, 50);
          continue;
        }
        fds.push(...got.fds);
        truncated ||= got.truncated;
        if (got.data.length === 0) break; // end of stream: libuv sees it too once reading resumes
        this.onData(got.data);
      }
    } finally {
      if (!this.socket.destroyed) this.socket.resume();
    }
    try {
      const result = await reply;
      if (truncated) throw new SpifbError('EINTERNAL', `${op}: the kernel dropped descriptors (MSG_CTRUNC)`);
      return { result, fds };
    } catch (err) {
      fds.forEach(closeFd);
      throw err;
    }
  }

  close(): void {
    this.socket.end();
    this.socket.destroySoon();
  }

  private onData(chunk: Buffer): void {
    let messages;
    try {
      messages = this.decoder.push(chunk);
    } catch (err) {
      this.closedError = err as SpifbError;
      this.socket.destroy();
      return;
    }
    for (const msg of messages) {
      if (typeof msg.event === 'string') {
        if (msg.event === 'error') this.closedError = SpifbError.fromWire(msg);
        this.emit('event', msg);
        continue;
      }
      const entry = this.pending.get(msg.id as number);
      if (!entry) continue;
      this.pending.delete(msg.id as number);
      clearTimeout(entry.timer);
      if (msg.ok === true) entry.resolve(msg.result);
      else entry.reject(SpifbError.fromWire(msg.error));
    }
  }

  private onClose(): void {
    const err = this.closedError ?? new SpifbError('ECLOSED', 'the daemon closed the connection');
    this.closedError = err;
    for (const entry of this.pending.values()) {
      clearTimeout(entry.timer);
      entry.reject(err);
    }
    this.pending.clear();
    this.emit('close');
  }
}
