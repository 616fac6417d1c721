import type { Bus, FrameProgram } from './bus.js';
import { BusGuard } from './bus-guard.js';
import type { GlassView, SimPanel } from '../sim/sim-panel.js';
import type { WireClock } from './wire-clock.js';

/** One idle decode step: about 0.5 ms of the decoder here. */
const IDLE_STEP_BYTES = 64 << 10;

/**
 * The bus of the simulated panel: every byte goes to the DCS decoder exactly
 * as a real controller would receive it — command segments with DC low (one
 * command cycle per byte), data with DC high. It has a reset pin and no TE
 * pin, so `wait-te` markers never appear in its programs.
 *
 * `lazy`: the daemon's frame path should not pay for the decoder (about
 * 1.2 ms a full frame here; a real panel costs the CPU nothing), so the
 * segments are copied aside in order and decoded in small steps when the
 * event loop is otherwise idle (setImmediate, at most IDLE_STEP_BYTES a
 * step, so a request waits at most one step), all at once when the glass is
 * looked at (`glassView`/`memoryView`: the snapshot and the preview), and
 * synchronously only as a backstop past `lazyLimitBytes`. Whoever reads the
 * SimPanel directly must read through this bus (or use an eager one).
 */
export class SimBus implements Bus {
  readonly kind = 'sim';
  readonly hasTe = false;
  private readonly guard = new BusGuard();
  private level = 100;
  private pending: Array<{ command: boolean; bytes: Uint8Array } | 'reset'> = [];
  private pendingBytes = 0;
  private idleScheduled = false;

  /**
   * `clock`, when given, makes every transfer take the wire time of a real
   * bus (`--bus-hz`); without it the bus is as fast as the decoder.
   */
  constructor(
    readonly panel: SimPanel,
    readonly clock?: WireClock,
    private readonly lazy: { lazyLimitBytes: number } | undefined = undefined,
  ) {}

  run(program: FrameProgram): Promise<void> {
    return this.guard.run('run', async () => {
      for (const s of program.segments) {
        if (s.op === 'wait-te') continue;
        if (this.lazy) {
          // A copy: the caller may reuse its buffer as soon as run() resolves (the Bus contract).
          this.pending.push({ command: s.op === 'command', bytes: s.bytes.slice() });
          this.pendingBytes += s.bytes.length;
        } else this.decode(s.op === 'command', s.bytes);
        // One transfer per segment: DC changes between them.
        if (this.clock && s.bytes.length > 0) await this.clock.transfer(s.bytes.length);
      }
      if (this.lazy && this.pendingBytes > this.lazy.lazyLimitBytes) this.catchUp();
      else if (this.lazy) this.scheduleIdleStep();
    });
  }

  reset(): Promise<boolean> {
    return this.guard.run('reset', () => {
      if (this.lazy) this.pending.push('reset');
      else this.panel.hardwareReset();
      return true;
    });
  }

  /** The panel memory as the lit glass would show it, with everything sent so far decoded. */
  memoryView(): GlassView {
    this.catchUp();
    return this.panel.memoryView();
  }

  /** What the glass shows, with everything sent so far decoded. */
  glassView(): GlassView {
    this.catchUp();
    return this.panel.glassView();
  }

  private scheduleIdleStep(): void {
    if (this.idleScheduled || this.pending.length === 0) return;
    this.idleScheduled = true;
    setImmediate(() => {
      this.idleScheduled = false;
      let budget = IDLE_STEP_BYTES;
      let taken = 0;
      while (taken < this.pending.length && budget > 0) {
        const w = this.pending[taken++];
        if (w === 'reset') this.panel.hardwareReset();
        else {
          this.decode(w.command, w.bytes);
          budget -= w.bytes.length;
          this.pendingBytes -= w.bytes.length;
        }
      }
      this.pending.splice(0, taken);
      this.scheduleIdleStep();
    });
  }

  /** Decode what waits, in order. */
  catchUp(): void {
    const work = this.pending;
    this.pending = [];
    this.pendingBytes = 0;
    for (const w of work) {
      if (w === 'reset') this.panel.hardwareReset();
      else this.decode(w.command, w.bytes);
    }
  }

  private decode(command: boolean, bytes: Uint8Array): void {
    if (command) for (const b of bytes) this.panel.command(b);
    else this.panel.data(bytes);
  }

  backlight(level: number): Promise<void> {
    return this.guard.run('backlight', () => {
      this.level = Math.max(0, Math.min(100, level));
    });
  }

  get backlightLevel(): number {
    return this.level;
  }

  async close(): Promise<void> {
    this.guard.close();
  }
}
