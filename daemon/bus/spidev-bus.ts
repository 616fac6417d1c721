import type { Logger } from 'pino';
import type { Bus } from './bus.js';
import { BusGuard } from './bus-guard.js';
import { packNineBit, toNineBitWords } from './nine-bit.js';
import { planChunks, type ChunkLimits } from './spi-chunks.js';
import type { SpiLink, SpiTransfer } from './spi-link.js';
import { closePins, type PanelPins } from '../gpio/pin.js';

/** MIPI DCS 1.02 command bytes the bus itself needs (ILI9341 §8.2 numbers). */
const SWRESET = 0x01; // §8.2.2
const RAMWR = 0x2c; // §8.2.22
const RAMWRC = 0x3c; // §8.2.34
const TEON = 0x35; // §8.2.28; parameter 0x00 = TELOM 0: V-blanking only
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
 * no DC pin, option 1 (9-bit words, D/C as the first bit). Commands and
 * their parameters go at the command clock, pixels at the full clock, each
 * as messages that fit spidev's bufsiz. With a TE pin, the first pixels of
 * each memory write wait for the controller's tearing-effect edge.
 */
export class SpidevBus implements Bus {
  readonly kind = 'spidev';
  private readonly guard = new BusGuard();
  private readonly sleep: (ms: number) => Promise<void>;
  private teOn = false;
  private waitTe = false;
  /** Memory writes started on a TE edge, and those that gave up waiting. */
  readonly teStats = { synced: 0, timeouts: 0 };

  constructor(private readonly o: SpidevBusOptions) {
    this.sleep = o.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  command(cmd: number, params?: Uint8Array): Promise<void> {
    return this.guard.run('command', async () => {
      if (cmd === SWRESET) this.teOn = false;
      // TEON is reset to off by RESX and SWRESET (ILI9341 §8.2.28 "Reset default"): send it before the first write after one.
      if (cmd === RAMWR && this.o.pins.te && !this.teOn) {
        await this.send(0, Uint8Array.of(TEON), this.o.commandHz);
        await this.send(1, Uint8Array.of(0x00), this.o.commandHz);
        this.teOn = true;
      }
      await this.send(0, Uint8Array.of(cmd), this.o.commandHz);
      if (params && params.length > 0) await this.send(1, params, this.o.commandHz);
      this.waitTe = (cmd === RAMWR || cmd === RAMWRC) && this.o.pins.te !== undefined;
    });
  }

  pixels(bytes: Uint8Array): Promise<void> {
    return this.guard.run('pixels', async () => {
      if (this.waitTe) {
        this.waitTe = false;
        // Start the write right after the controller starts scanning out, so it stays ahead of the scan.
        if (await this.o.pins.te!.waitEdge(this.o.teTimeoutMs)) this.teStats.synced++;
        else if (this.teStats.timeouts++ === 0) {
          this.o.logger?.warn({ pin: this.o.pins.te!.label, timeoutMs: this.o.teTimeoutMs }, 'no TE edge; sending frames without waiting');
        }
      }
      await this.send(1, bytes, this.o.pixelHz);
    });
  }

  reset(): Promise<void> {
    return this.guard.run('reset', async () => {
      this.teOn = false;
      const { reset } = this.o.pins;
      if (reset) {
        reset.set(true);
        await this.sleep(RESET_PULSE_MS);
        reset.set(false);
      } else {
        await this.send(0, Uint8Array.of(SWRESET), this.o.commandHz);
      }
      await this.sleep(RESET_SETTLE_MS);
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
