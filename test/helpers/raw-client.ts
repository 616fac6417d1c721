import { createConnection, type Socket } from 'node:net';
import { encodeFrame, FrameDecoder } from '../../protocol/framing.js';

/**
 * A client that speaks the wire format by hand, so tests can send what the
 * SDK never would: garbage, oversize lengths, bad requests.
 */
export class RawClient {
  private readonly decoder = new FrameDecoder(64 * 1024 * 1024);
  private readonly inbox: Record<string, unknown>[] = [];
  private waiters: Array<() => void> = [];
  closed = false;

  private constructor(readonly socket: Socket) {
    socket.on('data', (chunk) => {
      this.inbox.push(...this.decoder.push(chunk));
      this.wake();
    });
    socket.on('close', () => {
      this.closed = true;
      this.wake();
    });
    socket.on('error', () => {});
  }

  static connect(path: string): Promise<RawClient> {
    return new Promise((res, rej) => {
      const s = createConnection(path, () => res(new RawClient(s)));
      s.once('error', rej);
    });
  }

  send(message: object): void {
    this.socket.write(encodeFrame(message));
  }

  sendBytes(bytes: Uint8Array): void {
    this.socket.write(bytes);
  }

  /** Next message that is not a `frame` event; undefined if the socket closed first. */
  async next(): Promise<Record<string, unknown> | undefined> {
    for (;;) {
      const i = this.inbox.findIndex((m) => m.event !== 'frame');
      if (i >= 0) return this.inbox.splice(i, 1)[0];
      if (this.closed) return undefined;
      await new Promise<void>((res) => this.waiters.push(res));
    }
  }

  /** Send a request and wait for its reply. */
  async call(message: Record<string, unknown>): Promise<Record<string, unknown> | undefined> {
    this.send(message);
    return this.next();
  }

  /** Resolves when the daemon has closed the connection. */
  async closedByPeer(): Promise<void> {
    while (!this.closed) await new Promise<void>((res) => this.waiters.push(res));
  }

  close(): void {
    this.socket.destroy();
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }
}

/**
 * A greeted raw client: `call` sends a request with the next id and returns
 * its reply; events that come in between are kept for `event(name)`.
 */
export async function greetedClient(socket: string) {
  const raw = await RawClient.connect(socket);
  const events: Record<string, unknown>[] = [];
  let id = 0;
  const call = async (m: Record<string, unknown>) => {
    raw.send({ ...m, id: ++id });
    for (;;) {
      const msg = await raw.next();
      if (!msg || msg.event === undefined) return msg!;
      events.push(msg);
    }
  };
  /** The next event of that name, among those already collected or still to come. */
  const event = async (name: string) => {
    for (;;) {
      const i = events.findIndex((e) => e.event === name);
      if (i >= 0) return events.splice(i, 1)[0];
      const msg = await raw.next();
      if (!msg) throw new Error(`closed before a ${name} event`);
      if (msg.event !== undefined) events.push(msg);
    }
  };
  await call({ op: 'hello', version: 1 });
  return { raw, call, event };
}
