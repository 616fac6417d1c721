import type { Socket } from 'node:net';
import type { Logger } from 'pino';
import { SpifbError } from '../../protocol/errors.js';
import { clipText, describeValue } from '../../protocol/describe.js';
import { encodeFrame, FrameDecoder } from '../../protocol/framing.js';
import { checkHello } from '../../protocol/messages/hello.js';
import type { FrameEvent } from '../../protocol/messages/present.js';
import type { Display } from '../display/display.js';
import { handlers } from './handlers.js';
import type { SlotOwner } from '../ring/slots.js';

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
export class Session implements SlotOwner {
  private static nextId = 1;
  readonly id = Session.nextId++;
  private readonly decoder: FrameDecoder;
  private greeted = false;
  /** Messages written since the socket last drained into the kernel. */
  private unread = 0;
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
    socket.on('data', (chunk) => this.onData(chunk));
    socket.on('error', (err) => logger.debug({ err }, 'client socket error'));
    socket.on('close', () => this.dispose());
    socket.on('drain', () => (this.unread = 0));
    display.onFrame(this.onFrame);
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

  private disposed = false;

  private dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
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
    try {
      this.reply(id as number, undefined, this.dispatch(op, msg));
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
      this.logger.debug({ client: hello.client }, 'hello');
      return { version: hello.version, daemon: DAEMON_NAME };
    }
    if (!Object.hasOwn(handlers, op)) throw new SpifbError('EUNKNOWN_OP', `unknown op ${describeValue(op)}`);
    if (!this.greeted) throw new SpifbError('ENO_HELLO', `send hello before ${op}`);
    return handlers[op as keyof typeof handlers](msg, this.display, this);
  }

  private reply(id: number | null, err?: SpifbError, result?: unknown): void {
    this.send(err ? { id, ok: false, error: err.toWire() } : { id, ok: true, result });
  }

  private send(message: object): void {
    if (this.socket.destroyed || !this.socket.writable) return;
    if (this.socket.writableLength > this.limits.maxQueuedBytes) {
      this.logger.warn({ queued: this.socket.writableLength }, 'client does not read; disconnecting');
      this.socket.destroy();
      return;
    }
    if (!this.socket.write(encodeFrame(message))) this.unread++;
  }
}
