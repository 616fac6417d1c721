import type { Bus } from '../../daemon/bus/bus.js';

export type BusCall =
  | { kind: 'command'; cmd: number; params: number[] }
  | { kind: 'pixels'; bytes: number[] }
  | { kind: 'reset' }
  | { kind: 'backlight'; level: number };

/** A Bus that records every call, for tests that assert on the bytes sent. */
export class RecordingBus implements Bus {
  readonly kind = 'recording';
  readonly calls: BusCall[] = [];

  async command(cmd: number, params?: Uint8Array): Promise<void> {
    this.calls.push({ kind: 'command', cmd, params: params ? [...params] : [] });
  }

  async pixels(bytes: Uint8Array): Promise<void> {
    this.calls.push({ kind: 'pixels', bytes: [...bytes] });
  }

  async reset(): Promise<void> {
    this.calls.push({ kind: 'reset' });
  }

  async backlight(level: number): Promise<void> {
    this.calls.push({ kind: 'backlight', level });
  }

  async close(): Promise<void> {}
}
