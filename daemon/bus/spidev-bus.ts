import type { Logger } from 'pino';
import type { Bus, FrameProgram } from './bus.js';
import { BusGuard } from './bus-guard.js';
import { packNineBit, toNineBitWords } from './nine-bit.js';
import { planChunks, type ChunkLimits } from './spi-chunks.js';
import type { SpiLink, SpiTransfer } from './spi-link.js';
import { closePins, type PanelPins } from '../gpio/pin.js';

/** ILI9341 §15.4: RESX low ≥ 10 µs; then 120 ms before Sleep Out (5 ms before any command). */
const RESET_PULSE_MS = 1;
const RESET_SETTLE_MS = 120;

export type NineBitMode = 'none' | 'words' | 'packed';

export interface SpidevBusOptions {
  link: SpiLink;
  pins: PanelPins;
  pixelHz: number;
  commandHz: number;
  limits: ChunkLimits;
  /** Without a DC pin: 9-bit SPI words, or 9-bit words packed into bytes. */
  nineBit: NineBitMode;
  teTimeoutMs: number;
  logger?: Logger;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * MIPI DBI type C over spidev: option 3 (8-bit SPI plus a DC pin) or, with
 * no DC pin, option 1 (9-bit words, D/C as the first bit). Each segment of a
 * program goes at its clock as messages that fit spidev's bufsiz; a
 * `wait-te` marker waits for the tearing-effect edge.
 */
export class SpidevBus implements Bus {
  readonly kind = 'spidev';
  private readonly guard = new BusGuard();
  private readonly sleep: (ms: number) => Promise<void>;
  readonly hasTe: boolean;
  /** Frames started on a TE edge, and those that gave up waiting. */
  readonly teStats = { synced: 0, timeouts: 0 };

  constructor(private readonly o: SpidevBusOptions) {
    this.sleep = o.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.hasTe = o.pins.te !== undefined;
  }

  run(program: FrameProgram): Promise<void> {
    return this.guard.run('run', async () => {
      for (const s of program.segments) {
        if (s.op === 'wait-te') await this.waitTe();
        else if (s.op === 'command') await this.send(0, s.bytes, this.o.commandHz);
        else await this.send(1, s.bytes, s.clock === 'pixels' ? this.o.pixelHz : this.o.commandHz);
      }
    });
  }

  /** Start right after the controller starts scanning out, so the write stays ahead of the scan. */
  private async waitTe(): Promise<void> {
    const te = this.o.pins.te;
    if (!te) return;
    if (await te.waitEdge(this.o.teTimeoutMs)) this.teStats.synced++;
    else if (this.teStats.timeouts++ === 0) {
      this.o.logger?.warn({ pin: te.label, timeoutMs: this.o.teTimeoutMs }, 'no TE edge; sending frames without waiting');
    }
  }

  reset(): Promise<boolean> {
    return this.guard.run('reset', async () => {
      const { reset } = this.o.pins;
      if (!reset) return false;
      reset.set(true);
      await this.sleep(RESET_PULSE_MS);
      reset.set(false);
      await this.sleep(RESET_SETTLE_MS);
      return true;
    });
  }

  backlight(level: number): Promise<void> {
    return this.guard.run('backlight', () => {
      this.o.pins.backlight?.level(Math.max(0, Math.min(100, level)));
    });
  }

  async close(): Promise<void> {
    if (!this.guard.close()) return;
    closePins(this.o.pins);
    await this.o.link.close();
  }

  /** Bytes with DC low (0) or high (1), as messages that fit bufsiz. */
  private async send(dc: 0 | 1, bytes: Uint8Array, hz: number): Promise<void> {
    if (bytes.length === 0) return;
    const { link, nineBit, pins, limits } = this.o;
    let wire = bytes;
    let bitsPerWord: 8 | 9 = 8;
    // Chunks end on whole pixels (2 or 3 bytes) and, packed, on whole 9-byte blocks: a chip-select
    // release between messages resets the controller's serial interface (ILI9341 §7.6.1).
    let granule = 6;
    if (nineBit === 'words') {
      wire = toNineBitWords(dc, bytes);
      bitsPerWord = 9;
      granule = 12;
    } else if (nineBit === 'packed') {
      wire = packNineBit(dc, bytes);
      granule = 27;
    } else {
      pins.dc!.set(dc === 1);
    }
    for (const message of planChunks(wire.length, { ...limits, granule })) {
      const transfers: SpiTransfer[] = message.map(([off, len]) => ({
        bytes: wire.subarray(off, off + len), speedHz: Math.min(hz, this.o.pixelHz), bitsPerWord,
      }));
      await link.transfer(transfers);
    }
  }
}
