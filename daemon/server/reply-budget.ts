/** A connection whose unsent bytes count against the daemon-wide budget. */
export interface QueueHolder {
  /** Bytes written to it that the kernel has not taken yet (socket.writableLength). */
  queuedBytes(): number;
  /** Give its bytes back at once: destroy the connection. */
  drop(reason: string): void;
}

export type Admission = 'ok' | 'refuse';

/**
 * The cap on reply and event bytes queued in the daemon for all clients
 * together (per-client `maxQueuedBytes` alone lets 64 clients that never read
 * hold 64 × 32 MiB). Before a message is queued:
 *
 * - it fits under the cap: queue it;
 * - it does not, and another client holds more unsent bytes than the sender:
 *   that client (the worst offender) is disconnected, and so on until it fits;
 * - the sender is itself the largest holder: the message is refused, and the
 *   session answers EBUSY in its place or, if even that does not fit, closes.
 *
 * So the total never passes the cap, a client that reads is never starved by
 * ones that do not, and the one that does not read pays. The sum is kept as
 * an upper bound (bytes only leave a queue between checks) and recomputed
 * exactly only when the bound says the cap is near, so the common case costs
 * O(1) per message.
 */
export class ReplyBudget {
  private readonly known = new Map<QueueHolder, number>();
  private bound = 0;

  constructor(readonly capBytes: number) {}

  add(holder: QueueHolder): void {
    const n = holder.queuedBytes();
    this.known.set(holder, n);
    this.bound += n;
  }

  delete(holder: QueueHolder): void {
    this.bound -= this.known.get(holder) ?? 0;
    this.known.delete(holder);
  }

  /** May `sender` queue `bytes` more? Disconnects worse holders to make room. */
  admit(sender: QueueHolder, bytes: number): Admission {
    this.note(sender);
    if (this.bound + bytes <= this.capBytes) return 'ok';
    this.refresh();
    while (this.bound + bytes > this.capBytes) {
      const worst = this.worst();
      if (!worst || worst === sender || this.known.get(worst)! <= this.known.get(sender)!) return 'refuse';
      const held = this.known.get(worst)!;
      this.delete(worst);
      worst.drop(`${held} bytes unread while the daemon-wide reply queue is full (${this.capBytes} bytes)`);
    }
    return 'ok';
  }

  /**
   * Should a request from `sender` get EBUSY without being run? Yes when the
   * budget is more than half used and the sender holds the most unsent
   * bytes: its reply would only be refused after the work (a snapshot
   * allocates its image twice), and that churn is what RSS is made of.
   */
  defers(sender: QueueHolder): boolean {
    this.note(sender);
    if (this.bound <= this.capBytes / 2) return false;
    this.refresh();
    if (this.bound <= this.capBytes / 2) return false;
    const mine = this.known.get(sender) ?? 0;
    return mine > 0 && this.worst() !== undefined && this.known.get(this.worst()!)! <= mine;
  }

  /** After a write: what `holder` has queued now. */
  note(holder: QueueHolder): void {
    const before = this.known.get(holder);
    if (before === undefined) return;
    const now = holder.queuedBytes();
    this.known.set(holder, now);
    this.bound += now - before;
  }

  /** Bytes queued for all holders, recomputed now. */
  total(): number {
    this.refresh();
    return this.bound;
  }

  private refresh(): void {
    let sum = 0;
    for (const h of this.known.keys()) {
      const n = h.queuedBytes();
      this.known.set(h, n);
      sum += n;
    }
    this.bound = sum;
  }

  private worst(): QueueHolder | undefined {
    let worst: QueueHolder | undefined;
    let most = -1;
    for (const [h, n] of this.known) {
      if (n > most) {
        most = n;
        worst = h;
      }
    }
    return worst;
  }
}
