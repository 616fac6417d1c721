import { createConnection, type Socket } from 'node:net';
import { EventEmitter } from 'node:events';
import { SpifbError } from '../protocol/errors.js';
import { encodeFrame, FrameDecoder, DEFAULT_MAX_FRAME_BYTES } from '../protocol/framing.js';
import type { OpName, Ops } from '../protocol/ops.js';

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
    socket.on('data', (chunk) => this.onData(chunk));
    socket.on('close', () => this.onClose());
    socket.on('error', (err) => {
      this.closedError ??= new SpifbError('ECLOSED', `connection failed: ${err.message}`);
    });
  }

  static open(path: string, timeoutMs: number, signal?: AbortSignal): Promise<Connection> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(new SpifbError('ECLOSED', 'aborted before connecting'));
      const socket = createConnection(path);
      const onAbort = (): void => {
        socket.destroy();
        reject(new SpifbError('ECLOSED', 'aborted while connecting'));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      socket.once('connect', () => {
        signal?.removeEventListener('abort', onAbort);
        const conn = new Connection(socket, timeoutMs);
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
