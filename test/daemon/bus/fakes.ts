import type { SpiLink, SpiTransfer } from '../../../daemon/bus/spi-link.js';
import type { BacklightPin, EdgePin, OutputPin } from '../../../daemon/gpio/pin.js';

/** Everything that happened on the fake wire and pins, in order. */
export type WireEvent =
  | { kind: 'message'; transfers: Array<{ bytes: number[]; speedHz: number; bitsPerWord: number }> }
  | { kind: 'pin'; label: string; value: boolean | number }
  /** The bus started waiting for a TE edge. */
  | { kind: 'te-wait' };

export function fakeLink(events: WireEvent[], nineBitWords = false): SpiLink {
  return {
    path: '/dev/spidev9.9',
    nineBitWords,
    async transfer(message: SpiTransfer[]) {
      events.push({ kind: 'message', transfers: message.map((t) => ({ bytes: [...t.bytes], speedHz: t.speedHz, bitsPerWord: t.bitsPerWord ?? 8 })) });
    },
    async close() {},
  };
}

export function fakeOutput(events: WireEvent[], label: string): OutputPin {
  return { label, set: (v) => events.push({ kind: 'pin', label, value: v }), close() {} };
}

export function fakeBacklight(events: WireEvent[]): BacklightPin {
  return { label: 'bl', pwm: true, level: (p) => events.push({ kind: 'pin', label: 'bl', value: p }), close() {} };
}

/** A TE input whose edges the test fires by hand. */
export function fakeEdge(): EdgePin & { fire(): void; waits: number } {
  let waiter: ((v: boolean) => void) | undefined;
  const pin = {
    label: 'te',
    waits: 0,
    waitEdge(timeoutMs: number) {
      pin.waits++;
      return new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), timeoutMs);
        waiter = (v) => {
          clearTimeout(timer);
          resolve(v);
        };
      });
    },
    fire() {
      waiter?.(true);
      waiter = undefined;
    },
    close() {},
  };
  return pin;
}

/** A TE input on a panel that scans out steadily: every wait sees an edge at once, and is logged in `events`. */
export function steadyEdge(events: WireEvent[]): EdgePin & { waits: number } {
  const pin = {
    label: 'te',
    waits: 0,
    async waitEdge() {
      pin.waits++;
      events.push({ kind: 'te-wait' });
      return true;
    },
    close() {},
  };
  return pin;
}

export type DcMessage = { dc: boolean; bytes: number[]; speedHz: number } | 'te-wait';

/** The messages on the wire with the DC level each went at (4-wire): what the controller decodes. */
export function dcMessages(events: WireEvent[]): DcMessage[] {
  let dc = false;
  const out: DcMessage[] = [];
  for (const e of events) {
    if (e.kind === 'te-wait') out.push('te-wait');
    else if (e.kind === 'pin' && e.label === 'dc') dc = e.value === true;
    else if (e.kind === 'message') out.push({ dc, bytes: e.transfers.flatMap((x) => x.bytes), speedHz: e.transfers[0].speedHz });
  }
  return out;
}
