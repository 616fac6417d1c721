import { realpathSync } from 'node:fs';
import spi from 'spi-device';
import { SpifbError } from '../../protocol/errors.js';

/** One transfer of an SPI message. `bytes` of 9-bit words hold one u16 per word. */
export interface SpiTransfer {
  bytes: Uint8Array;
  speedHz: number;
  bitsPerWord?: 8 | 9;
}

/**
 * An open spidev node. `transfer` sends one SPI_IOC_MESSAGE (chip select
 * held across its transfers) and resolves when it has left the wire; the
 * ioctl runs on the libuv thread pool, so the event loop keeps serving
 * clients during a 40 ms frame.
 */
export interface SpiLink {
  readonly path: string;
  /** The controller accepts bits_per_word 9 (MIPI DBI type C option 1 without emulation). */
  readonly nineBitWords: boolean;
  transfer(message: SpiTransfer[]): Promise<void>;
  close(): Promise<void>;
}

export interface SpiLinkOptions {
  mode: 0 | 1 | 2 | 3;
  maxHz: number;
  /** Probe bits_per_word 9 (only needed without a DC pin). */
  probeNineBit: boolean;
  /** Added to EMSGSIZE errors: what bufsiz spifbd planned for and where it read it. */
  bufsizNote: string;
}

/** What to do about EMSGSIZE, for the error message and the README. */
export const BUFSIZ_ADVICE =
  'raise spidev\'s bufsiz: add spidev.bufsiz=65536 to the kernel command line (/boot/firmware/cmdline.txt on a Raspberry Pi) ' +
  'or "options spidev bufsiz=65536" to /etc/modprobe.d/spidev.conf when spidev is a module, then reboot; ' +
  'or set spi.bufsiz to the value in /sys/module/spidev/parameters/bufsiz';

function parseNode(path: string): { bus: number; device: number; real: string } {
  let real: string;
  try {
    real = realpathSync(path);
  } catch {
    real = path; // the open below reports the missing node
  }
  const m = /\/spidev(\d+)\.(\d+)$/.exec(real);
  if (!m) throw new SpifbError('EBAD_CONFIG', `spi.device: ${path} is not a spidev node (/dev/spidevB.C)`);
  return { bus: Number(m[1]), device: Number(m[2]), real };
}

function openError(err: unknown, path: string): SpifbError {
  const code = (err as { code?: string }).code;
  if (code === 'ENOENT' || code === 'ENODEV' || code === 'ENXIO') {
    return new SpifbError('ENO_DEVICE', `${path} does not exist: enable SPI (dtparam=spi=on on a Raspberry Pi, or a device-tree overlay with a spidev node; see README "Hardware")`, { cause: err });
  }
  if (code === 'EACCES' || code === 'EPERM') {
    return new SpifbError('ENO_DEVICE', `${path}: permission denied (add the user to the spi group)`, { cause: err });
  }
  return new SpifbError('EBUS', `${path}: ${(err as Error).message}`, { cause: err });
}

/** Open a spidev node with the `spi-device` addon. */
export function openSpiLink(path: string, options: SpiLinkOptions): SpiLink {
  const { bus, device } = parseNode(path);
  let dev: spi.SpiDevice;
  try {
    dev = spi.openSync(bus, device, { mode: options.mode, maxSpeedHz: options.maxHz, bitsPerWord: 8 });
  } catch (err) {
    throw openError(err, path);
  }
  let nineBitWords = false;
  if (options.probeNineBit) {
    // spi_setup() refuses a word size outside the controller's bits_per_word_mask with EINVAL.
    try {
      dev.setOptionsSync({ bitsPerWord: 9 });
      nineBitWords = true;
    } catch {
      nineBitWords = false;
    }
    dev.setOptionsSync({ bitsPerWord: 8 });
  }
  let closed = false;
  return {
    path,
    nineBitWords,
    transfer(message) {
      if (closed) return Promise.reject(new SpifbError('EBUS', `${path}: closed`));
      const msg = message.map((t) => ({
        sendBuffer: Buffer.from(t.bytes.buffer, t.bytes.byteOffset, t.bytes.byteLength),
        byteLength: t.bytes.byteLength,
        speedHz: t.speedHz,
        ...(t.bitsPerWord ? { bitsPerWord: t.bitsPerWord } : {}),
      }));
      return new Promise((resolve, reject) => {
        dev.transfer(msg, (err) => {
          if (!err) return resolve();
          const bytes = message.reduce((n, t) => n + t.bytes.byteLength, 0);
          if ((err as { code?: string }).code === 'EMSGSIZE') {
            reject(new SpifbError('EBUS', `${path}: the kernel refused an SPI message of ${message.length} transfer(s), ${bytes} bytes, ` +
              `with EMSGSIZE (spidev bufsiz is smaller than ${options.bufsizNote}): ${BUFSIZ_ADVICE}`, { cause: err }));
          } else {
            reject(new SpifbError('EBUS', `${path}: SPI transfer of ${bytes} bytes failed: ${err.message}`, { cause: err }));
          }
        });
      });
    },
    close() {
      if (closed) return Promise.resolve();
      closed = true;
      return new Promise((resolve) => dev.close(() => resolve()));
    },
  };
}
