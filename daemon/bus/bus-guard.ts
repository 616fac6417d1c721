import { SpifbError } from '../../protocol/errors.js';

/**
 * Enforces the Bus contract's ordering and closed-state rules, so a caller
 * that forgets an `await` fails in tests the way it would corrupt a real
 * transfer on hardware.
 */
export class BusGuard {
  private busy = false;
  private closed = false;

  async run<T>(what: string, work: () => Promise<T> | T): Promise<T> {
    if (this.closed) throw new SpifbError('EBUS', `${what}: bus closed`);
    if (this.busy) throw new SpifbError('EBUS', `${what}: overlapping transfer (await the previous call)`);
    this.busy = true;
    try {
      return await work();
    } finally {
      this.busy = false;
    }
  }

  close(): boolean {
    const was = this.closed;
    this.closed = true;
    return !was;
  }

  get isClosed(): boolean {
    return this.closed;
  }
}
