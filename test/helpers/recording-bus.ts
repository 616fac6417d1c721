import type { Bus, FrameProgram } from '../../daemon/bus/bus.js';

export type BusCall =
  /**
   * A command segment (its last byte as `cmd`; all its bytes as `wide` when
   * there are more, as on a 16-bit bus) with the command-clock data after it as `params`.
   */
  | { kind: 'command'; cmd: number; params: number[]; wide?: number[] }
  | { kind: 'pixels'; bytes: number[] }
  | { kind: 'wait-te' }
  | { kind: 'reset' }
  | { kind: 'backlight'; level: number };

/** A Bus that records every segment it is asked to send, for tests that assert on the bytes. */
export class RecordingBus implements Bus {
  readonly kind = 'recording';
  readonly calls: BusCall[] = [];
  /** Programs as received, for tests of the program structure (one per frame, TE markers). */
  readonly programs: FrameProgram[] = [];

  constructor(readonly hasTe = false, private readonly hasResetPin = true) {}

  async run(program: FrameProgram): Promise<void> {
    this.programs.push(program);
    let last: BusCall | undefined;
    for (const s of program.segments) {
      if (s.op === 'wait-te') last = { kind: 'wait-te' };
      else if (s.op === 'command') {
        last = { kind: 'command', cmd: s.bytes[s.bytes.length - 1], params: [], ...(s.bytes.length > 1 ? { wide: [...s.bytes] } : {}) };
      }
      else if (s.clock === 'command' && last?.kind === 'command') {
        last.params.push(...s.bytes);
        continue;
      } else last = { kind: 'pixels', bytes: [...s.bytes] };
      this.calls.push(last);
    }
  }

  async reset(): Promise<boolean> {
    if (this.hasResetPin) this.calls.push({ kind: 'reset' });
    return this.hasResetPin;
  }

  async backlight(level: number): Promise<void> {
    this.calls.push({ kind: 'backlight', level });
  }

  async close(): Promise<void> {}
}
