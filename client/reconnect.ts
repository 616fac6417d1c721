import { EventEmitter } from 'node:events';
import { SpifbError } from '../protocol/errors.js';
import type { InfoResult } from '../protocol/messages/info.js';
import { PROTOCOL_VERSION } from '../protocol/messages/hello.js';
import type { OpName, Ops } from '../protocol/ops.js';
import { Connection } from './connection.js';

/** Backoff of `connect({ reconnect: {...} })`: waits double from `initialDelayMs` up to `maxDelayMs`, with jitter. */
export interface ReconnectOptions {
  /** First wait after the connection drops; doubles each try. Default 100 ms. */
  initialDelayMs?: number;
  /** Longest wait between tries. Default 5 s. */
  maxDelayMs?: number;
}

interface Dial {
  path: string;
  timeoutMs: number;
  clientName?: string;
  signal?: AbortSignal;
}

/**
 * A connection that comes back by itself: when the daemon goes away
 * (restart, crash, SIGKILL) it redials with exponential backoff and jitter,
 * shakes hands again (`hello`, `info`) and carries on.
 *
 * - Requests that were on the wire when it dropped reject with ECLOSED: the
 *   daemon may or may not have run them.
 * - Requests made while it is down wait for the next connection (each still
 *   bounded by the request timeout), so a drawing loop simply pauses.
 *
 * Emits `disconnect`, then `reconnect` with the daemon's fresh `info` (its
 * frame sequence starts again at 0 after a restart), and `close` only when
 * closed for good.
 */
export class ReconnectingConnection extends EventEmitter<{
  event: [Record<string, unknown>];
  close: [];
  disconnect: [];
  reconnect: [InfoResult];
}> {
  private closed = false;
  private up: Promise<Connection>;
  private readonly initialDelayMs: number;
  private readonly maxDelayMs: number;
  /** Connections made so far, the first included. */
  connections = 1;

  constructor(private conn: Connection, private readonly dial: Dial, options: ReconnectOptions = {}) {
    super();
    this.initialDelayMs = options.initialDelayMs ?? 100;
    this.maxDelayMs = options.maxDelayMs ?? 5000;
    this.up = Promise.resolve(conn);
    this.watch(conn);
    dial.signal?.addEventListener('abort', () => this.close(), { once: true });
  }

  async request<K extends OpName>(op: K, params: Ops[K]['params']): Promise<Ops[K]['result']> {
    if (this.closed) throw new SpifbError('ECLOSED', 'connection is closed');
    const conn = await this.withTimeout(this.up, op);
    return conn.request(op, params);
  }

  async requestWithDescriptors<K extends OpName>(op: K, params: Ops[K]['params']): Promise<{ result: Ops[K]['result']; fds: number[] }> {
    if (this.closed) throw new SpifbError('ECLOSED', 'connection is closed');
    const conn = await this.withTimeout(this.up, op);
    return conn.requestWithDescriptors(op, params);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.conn.close();
    this.emit('close');
  }

  private watch(conn: Connection): void {
    conn.on('event', (ev) => this.emit('event', ev));
    conn.on('close', () => {
      if (this.closed || conn !== this.conn) return;
      this.emit('disconnect');
      this.up = this.redial();
      this.up.catch(() => {}); // a request that awaits it sees the rejection
    });
  }

  private async redial(): Promise<Connection> {
    for (let attempt = 0; ; attempt++) {
      const base = Math.min(this.maxDelayMs, this.initialDelayMs * 2 ** Math.min(attempt, 20));
      // Full jitter on half the wait: many clients of one restarted daemon do not reconnect in lockstep.
      await new Promise((r) => setTimeout(r, base / 2 + Math.random() * (base / 2)));
      if (this.closed) throw new SpifbError('ECLOSED', 'connection is closed');
      let conn: Connection | undefined;
      try {
        conn = await Connection.open(this.dial.path, this.dial.timeoutMs);
        await conn.request('hello', { version: PROTOCOL_VERSION, client: this.dial.clientName });
        const info = await conn.request('info', {});
        if (this.closed) {
          conn.close();
          throw new SpifbError('ECLOSED', 'connection is closed');
        }
        this.conn = conn;
        this.connections++;
        this.watch(conn);
        this.emit('reconnect', info);
        return conn;
      } catch (err) {
        conn?.close();
        if (this.closed) throw err;
      }
    }
  }

  private withTimeout<T>(p: Promise<T>, op: string): Promise<T> {
    if (this.dial.timeoutMs <= 0) return p;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new SpifbError('ETIMEOUT', `${op}: daemon not back within ${this.dial.timeoutMs} ms`)), this.dial.timeoutMs);
      p.then((v) => {
        clearTimeout(timer);
        resolve(v);
      }, (err) => {
        clearTimeout(timer);
        reject(err);
      });
    });
  }
}
