import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * How spidev limits one SPI_IOC_MESSAGE, and how spifbd cuts a byte stream
 * to fit (drivers/spi/spidev.c, spidev_message()):
 *
 * - Every transfer goes through spidev's bounce buffer of `bufsiz` bytes
 *   (module parameter, default 4096). Each transfer's length is first
 *   rounded up to ARCH_DMA_MINALIGN, and the rounded lengths of all TX
 *   transfers in one message must add up to at most `bufsiz`, else EMSGSIZE.
 * - The number of transfers is encoded in the ioctl's 14-bit size field
 *   (include/uapi/linux/spi/spidev.h: SPI_MSGSIZE(N) = N × 32 bytes, and
 *   _IOC_SIZEBITS = 14 in include/uapi/asm-generic/ioctl.h), so N ≤ 511.
 */
export const SPIDEV_DEFAULT_BUFSIZ = 4096;
export const SPI_MAX_TRANSFERS = 511;
/**
 * The largest ARCH_DMA_MINALIGN of the architectures spifbd runs on (arm64
 * and powerpc: 128; arm: the L1 line, 32 or 64; x86: 8). Rounding to the
 * largest keeps every board under `bufsiz`.
 */
export const DMA_MINALIGN = 128;

/** The spidev module's bufsiz from sysfs; the default when it cannot be read. */
export function readSpidevBufsiz(sysfsRoot = '/sys'): { bufsiz: number; source: string } {
  const path = join(sysfsRoot, 'module/spidev/parameters/bufsiz');
  try {
    const n = Number(readFileSync(path, 'utf8').trim());
    if (Number.isSafeInteger(n) && n > 0) return { bufsiz: n, source: path };
  } catch {
    // spidev built in without the parameter exposed, or sysfs not mounted: the kernel default applies.
  }
  return { bufsiz: SPIDEV_DEFAULT_BUFSIZ, source: `default (${path} unreadable)` };
}

export interface ChunkLimits {
  bufsiz: number;
  /** Longest single transfer the controller takes; may be above or below bufsiz. */
  maxTransfer: number;
  align?: number;
  maxTransfers?: number;
  /** Every transfer but the last is a multiple of this (whole pixels, whole 9-bit blocks). */
  granule?: number;
}

/** One SPI_IOC_MESSAGE: transfers as [offset, length] into the caller's bytes. */
export type PlannedMessage = Array<[offset: number, length: number]>;

const alignUp = (n: number, a: number): number => Math.ceil(n / a) * a;

/**
 * Cut `total` bytes into transfers and group them into messages so that
 * spidev accepts every message: each transfer at most `maxTransfer` and at
 * most `bufsiz` after DMA rounding, the rounded lengths of a message within
 * `bufsiz`, and at most 511 transfers per message.
 */
export function planChunks(total: number, limits: ChunkLimits): PlannedMessage[] {
  const align = limits.align ?? DMA_MINALIGN;
  const maxTransfers = Math.min(limits.maxTransfers ?? SPI_MAX_TRANSFERS, SPI_MAX_TRANSFERS);
  // Whole alignment units (a full chunk needs no rounding), then whole granules.
  const granule = limits.granule ?? 1;
  const aligned = Math.floor(Math.min(limits.bufsiz, limits.maxTransfer) / align) * align;
  const unit = Math.floor(aligned / granule) * granule;
  if (unit < 1) throw new RangeError(`spidev bufsiz ${limits.bufsiz} leaves no room for a transfer (DMA alignment ${align}, granule ${granule})`);
  const messages: PlannedMessage[] = [];
  let current: PlannedMessage = [];
  let used = 0;
  for (let off = 0; off < total; off += unit) {
    const len = Math.min(unit, total - off);
    const cost = alignUp(len, align);
    if (current.length > 0 && (used + cost > limits.bufsiz || current.length >= maxTransfers)) {
      messages.push(current);
      current = [];
      used = 0;
    }
    current.push([off, len]);
    used += cost;
  }
  if (current.length > 0) messages.push(current);
  return messages;
}
