import type { Socket } from 'node:net';
import type { Logger } from 'pino';
import { SpifbError } from '../../protocol/errors.js';
import { clipText, describeValue } from '../../protocol/describe.js';
import { encodeFrame, FrameDecoder } from '../../protocol/framing.js';
import { checkHello } from '../../protocol/messages/hello.js';
import type { FrameEvent } from '../../protocol/messages/present.js';
import type { RevokedEvent } from '../../protocol/messages/slots.js';
import type { Display } from '../display/display.js';
import { DescriptorQueue } from './descriptor-queue.js';
import { handlers } from './handlers.js';
import type { SlotOwner } from '../ring/slots.js';
import type { QueueHolder, ReplyBudget } from './reply-budget.js';

export interface SessionLimits {
  maxFrameBytes: number;
  /** A client that lets more than this pile up unread is disconnected. */
  maxQueuedBytes: number;
  /**
   * Requests a client may send while replies it has not read pile up in the
   * daemon (past what the kernel's socket buffer took); more get EBUSY
   * without being run, so a client that never reads cannot make the daemon
   * do unbounded work (e.g. snapshots) for replies nobody collects.
   */
  maxRequestsInFlight?: number;
  /**
   * A connection that has not completed `hello` this long after it was
   * accepted gets an ENO_HELLO event and is closed, so idle connections
   * cannot hold the `maxClients` places.
   */
  helloTimeoutMs?: number;
  /** The daemon-wide cap on unsent reply and event bytes (reply-budget.ts). */
  budget?: ReplyBudget;
}

const DAEMON_NAME = 'spifbd';
/** After a framing error, how long the error event may take to flush before the socket is destroyed anyway. */
const ERROR_FLUSH_MS = 2000;

/**
 * One client connection: framing, the `hello` handshake, dispatch, replies
 * and events. A bad request gets an error reply and the session goes on; a
 * framing error gets an `error` event and the connection is closed, since the
 * byte stream has lost sync.
 */
export class Session implements SlotOwner, QueueHolder {
  private static nextId = 1;
  readonly id = Session.nextId++;
  private readonly decoder: FrameDecoder;
  private greeted = false;
  /** Messages written since the socket last drained into the kernel. */
  private unread = 0;
  /** Every frame goes out through it, so the `map` reply's descriptors keep their place in the byte stream. */
  private readonly out: DescriptorQueue;
  private readonly onFrame = (ev: FrameEvent): void => {
    if (this.greeted) this.send(ev);
  };

  constructor(
    private readonly socket: Socket,
    private readonly display: Display,
    private readonly logger: Logger,
    private readonly limits: SessionLimits,
  ) {
    this.decoder = new FrameDecoder(limits.maxFrameBytes);
    this.out = new DescriptorQueue(socket, (err) => {
      logger.warn({ err, session: this.id }, 'cannot send descriptors; closing client');
      socket.destroy();
    });
    socket.on('data', (chunk) => this.onData(chunk));
    socket.on('error', (err) => logger.debug({ err }, 'client socket error'));
    socket.on('close', () => this.dispose());
    socket.on('drain', () => {
      this.unread = 0;
      limits.budget?.note(this);
    });
    display.onFrame(this.onFrame);
    limits.budget?.add(this);
    if (limits.helloTimeoutMs !== undefined) {
      this.helloTimer = setTimeout(() => this.closeUngreeted(limits.helloTimeoutMs!), limits.helloTimeoutMs).unref();
    }
  }

  private helloTimer?: NodeJS.Timeout;

  /** QueueHolder: bytes written that the kernel has not taken yet. */
  queuedBytes(): number {
    // Frames waiting behind a descriptor-carrying one are queued too.
    return this.socket.destroyed ? 0 : this.socket.writableLength + this.out.pending;
  }

  /** QueueHolder: the daemon-wide reply budget disconnects this client. */
  drop(reason: string): void {
    this.logger.warn({ session: this.id }, `client does not read; disconnecting: ${reason}`);
    this.socket.destroy();
  }

  private closeUngreeted(ms: number): void {
    if (this.greeted || this.socket.destroyed) return;
    this.logger.debug({ session: this.id }, 'no hello in time; closing');
    this.lostSync = true;
    this.socket.pause();
    this.send({ event: 'error', code: 'ENO_HELLO', message: `no hello within ${ms} ms; closing` });
    this.endSoon();
  }

  /** Turn a connection away before any session starts: one error event, then close. */
  static refuse(socket: Socket, code: 'EBUSY', message: string): void {
    socket.on('error', () => {});
    socket.end(encodeFrame({ event: 'error', code, message }));
  }

  close(): void {
    // Release slots now: the socket's 'close' event comes a turn later, after
    // the daemon may have unmapped the shared buffer at shutdown.
    this.dispose();
    this.socket.destroy();
  }

  /** SlotOwner: a slot this client presented is free again. */
  released(slot: number, dropped: boolean): void {
    this.send({ event: 'release', slot, dropped });
  }

  /** SlotOwner: a slot this client held past the lease is free again. */
  revoked(slot: number, message: string): void {
    this.logger.info({ session: this.id, slot }, 'slot lease expired; revoked');
    const ev: RevokedEvent = { event: 'revoked', slot, reason: 'lease', message };
    this.send(ev);
  }

  private disposed = false;

  private dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    clearTimeout(this.helloTimer);
    this.limits.budget?.delete(this);
    this.display.dropOwner(this);
    this.display.offFrame(this.onFrame);
  }

  /** Set by a framing error: chunks already read after it are dropped unlogged. */
  private lostSync = false;

  private onData(chunk: Buffer): void {
    if (this.lostSync) return;
    try {
      this.decoder.push(chunk, (msg) => {
        if (!this.socket.destroyed) this.handle(msg);
      });
    } catch (err) {
      this.closeOnFramingError(err);
    }
  }

  /**
   * The stream cannot resync: stop reading, log once, send the error event
   * and close once it is flushed (or after ERROR_FLUSH_MS if the client does
   * not read it).
   */
  private closeOnFramingError(err: unknown): void {
    this.lostSync = true;
    this.socket.pause();
    const e = err instanceof SpifbError ? err : new SpifbError('EBAD_FRAME', clipText(String(err)));
    this.logger.warn({ code: e.code, session: this.id }, `closing client: ${clipText(e.message)}`);
    this.send({ event: 'error', ...e.toWire() });
    this.endSoon();
  }

  /** Close once what is queued is flushed, or after ERROR_FLUSH_MS if the client does not read it. */
  private endSoon(): void {
    const timer = setTimeout(() => this.socket.destroy(), ERROR_FLUSH_MS).unref();
    this.socket.once('close', () => clearTimeout(timer));
    this.socket.end(() => this.socket.destroy());
  }

  private handle(msg: Record<string, unknown>): void {
    const { id, op } = msg;
    if (!Number.isInteger(id) || (id as number) < 0 || (id as number) > 0xffffffff) {
      this.reply(null, new SpifbError('EBAD_REQUEST', 'request id must be an integer 0..2^32-1'));
      return;
    }
    if (this.unread >= (this.limits.maxRequestsInFlight ?? Infinity)) {
      this.reply(id as number, new SpifbError('EBUSY', `more than ${this.limits.maxRequestsInFlight} replies unread; read them first`));
      return;
    }
    if (this.limits.budget?.defers(this)) {
      this.reply(id as number, new SpifbError('EBUSY', 'the daemon-wide reply queue is full and this client holds the most of it; read replies first'));
      return;
    }
    try {
      const result = this.dispatch(op, msg);
      // README "`map`": the header and slot descriptors arrive with the first byte of this reply.
      this.reply(id as number, undefined, result, op === 'map' ? this.display.mapDescriptors() : undefined);
    } catch (err) {
      if (err instanceof SpifbError) {
        this.reply(id as number, err);
      } else {
        // Only a known op gets this far, so `op` is one of our names.
        this.logger.error({ err, op }, 'request failed');
        this.reply(id as number, new SpifbError('EINTERNAL', `${describeValue(op)} failed inside the daemon`));
      }
    }
  }

  private dispatch(op: unknown, msg: Record<string, unknown>): unknown {
    if (typeof op !== 'string') throw new SpifbError('EBAD_REQUEST', 'op must be a string');
    if (op === 'hello') {
      const hello = checkHello(msg);
      this.greeted = true;
      clearTimeout(this.helloTimer);
      this.logger.debug({ client: hello.client }, 'hello');
      return { version: hello.version, daemon: DAEMON_NAME };
    }
    if (!Object.hasOwn(handlers, op)) throw new SpifbError('EUNKNOWN_OP', `unknown op ${describeValue(op)}`);
    if (!this.greeted) throw new SpifbError('ENO_HELLO', `send hello before ${op}`);
    return handlers[op as keyof typeof handlers](msg, this.display, this);
  }

  private reply(id: number | null, err?: SpifbError, result?: unknown, fds?: readonly number[]): void {
    // A reply that does not fit the daemon-wide queue is answered EBUSY instead (one reply per request, in order).
    this.send(err ? { id, ok: false, error: err.toWire() } : { id, ok: true, result },
      { id, ok: false, error: new SpifbError('EBUSY', 'the daemon-wide reply queue is full (maxQueuedBytesTotal); read replies, then retry').toWire() }, fds);
  }

  private send(message: object, insteadIfFull?: object, fds?: readonly number[]): void {
    if (this.socket.destroyed || !this.socket.writable) return;
    if (this.socket.writableLength + this.out.pending > this.limits.maxQueuedBytes) {
      this.logger.warn({ queued: this.socket.writableLength }, 'client does not read; disconnecting');
      this.socket.destroy();
      return;
    }
    let frame = encodeFrame(message);
    const budget = this.limits.budget;
    if (budget && budget.admit(this, frame.length) === 'refuse') {
      const fallback = insteadIfFull && encodeFrame(insteadIfFull);
      if (!fallback || budget.admit(this, fallback.length) === 'refuse') {
        this.drop(`the daemon-wide reply queue is full (${budget.capBytes} bytes) and this client holds the most`);
        return;
      }
      frame = fallback;
      fds = undefined; // the EBUSY reply carries no descriptors
    }
    if (!this.out.write(frame, fds)) this.unread++;
    budget?.note(this);
  }
}
