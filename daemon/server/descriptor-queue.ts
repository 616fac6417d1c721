import type { Socket } from 'node:net';
import { MSG_DONTWAIT, MSG_NOSIGNAL, sendWithRights, SysError } from '../sys/libc.js';

/** How often a frame with descriptors retries while Node's queue drains or the kernel's buffer is full. */
const RETRY_MS = 5;

interface Item {
  bytes: Uint8Array;
  fds?: readonly number[];
}

/** libuv keeps the descriptor on the handle; Node has no public accessor for it (as in access/peer-cred.ts). */
function socketFd(socket: Socket): number | undefined {
  const fd = (socket as unknown as { _handle?: { fd?: number } })._handle?.fd;
  return typeof fd === 'number' && fd >= 0 ? fd : undefined;
}

/**
 * Writes frames to a client in order, where some carry descriptors
 * (SCM_RIGHTS, attached to the frame's first byte; unix(7)). Node's `net`
 * cannot attach them, so such a frame goes out with sendmsg on the socket's
 * descriptor — but only once Node's own write queue is empty, or its bytes
 * would overtake frames queued before it. Until then it, and every frame
 * after it, waits here. A partial sendmsg has sent the descriptors with its
 * first byte; the rest of the frame is written through Node as usual.
 */
export class DescriptorQueue {
  private queue: Item[] | null = null;
  private queuedBytes = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly socket: Socket, private readonly onFailure: (err: Error) => void) {
    socket.once('close', () => this.stop());
  }

  /** Bytes waiting here, not yet handed to Node (counted against the client's queue limit). */
  get pending(): number {
    return this.queuedBytes;
  }

  write(bytes: Uint8Array, fds?: readonly number[]): boolean {
    if (!this.queue && !fds) return this.socket.write(bytes);
    (this.queue ??= []).push({ bytes, fds });
    this.queuedBytes += bytes.length;
    this.pump();
    return true;
  }

  private pump(): void {
    this.timer = undefined;
    const q = this.queue;
    while (q && q.length > 0 && !this.socket.destroyed) {
      const item = q[0];
      if (item.fds) {
        if (this.socket.writableLength > 0) return this.retry();
        const fd = socketFd(this.socket);
        if (fd === undefined) return this.onFailure(new Error('the socket has no descriptor'));
        let sent: number;
        try {
          sent = sendWithRights(fd, item.bytes, item.fds, MSG_DONTWAIT | MSG_NOSIGNAL);
        } catch (err) {
          if (err instanceof SysError && (err.code === 'EAGAIN' || err.code === 'EINTR')) return this.retry();
          return this.onFailure(err as Error);
        }
        if (sent < item.bytes.length) this.socket.write(item.bytes.subarray(sent));
      } else {
        this.socket.write(item.bytes);
      }
      q.shift();
      this.queuedBytes -= item.bytes.length;
    }
    this.queue = null;
  }

  private retry(): void {
    this.timer ??= setTimeout(() => this.pump(), RETRY_MS);
  }

  private stop(): void {
    clearTimeout(this.timer);
    this.queue = null;
    this.queuedBytes = 0;
  }
}
