import type { FrameProgram, Segment, SegmentClock } from '../bus/bus.js';

/**
 * Builds a frame program in the controller's framing. On most boards a
 * command is its byte with DC low and its parameters follow with DC high.
 * On a 16-bit bus (the Waveshare 3.5" (A) boards, whose shift registers
 * latch 16 bits per transfer) every command is one 2-byte transfer (00h, the
 * command) and every parameter a big-endian 16-bit word, as the kernel's
 * drivers/gpu/drm/tiny/ili9486.c waveshare_command() sends them; pixels are
 * already 16-bit words there.
 */
export class ProgramBuilder {
  private readonly segments: Segment[] = [];

  constructor(private readonly wide: boolean) {}

  command(cmd: number, params?: Uint8Array | readonly number[]): this {
    this.segments.push({ op: 'command', bytes: this.wide ? Uint8Array.of(0x00, cmd) : Uint8Array.of(cmd) });
    if (params && params.length > 0) this.data(params, 'command');
    return this;
  }

  /** Parameters (16-bit words on a wide bus) at the command clock, or pixel bytes as they are. */
  data(bytes: Uint8Array | readonly number[], clock: SegmentClock): this {
    if (clock === 'pixels') {
      this.segments.push({ op: 'data', bytes: bytes instanceof Uint8Array ? bytes : Uint8Array.from(bytes), clock });
      return this;
    }
    let out: Uint8Array;
    if (this.wide) {
      out = new Uint8Array(bytes.length * 2);
      for (let i = 0; i < bytes.length; i++) out[i * 2 + 1] = bytes[i];
    } else {
      out = bytes instanceof Uint8Array ? bytes : Uint8Array.from(bytes);
    }
    this.segments.push({ op: 'data', bytes: out, clock });
    return this;
  }

  waitTe(): this {
    this.segments.push({ op: 'wait-te' });
    return this;
  }

  get empty(): boolean {
    return this.segments.length === 0;
  }

  build(retryPrologue?: Segment[]): FrameProgram {
    return retryPrologue && retryPrologue.length > 0 ? { segments: this.segments, retryPrologue } : { segments: this.segments };
  }
}
