import { readFileSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Display } from './display.js';

/**
 * The last frame on the glass, kept in a file so that after a crash and a
 * restart the panel shows it again instead of black. Under systemd the file
 * lives in RuntimeDirectory= (tmpfs: no flash wear, kept across restarts by
 * RuntimeDirectoryPreserve=restart, gone at shutdown).
 *
 * Format: the 8 bytes `SPIFBLF1`, u16 LE width, u16 LE height, u32 LE stride,
 * then stride × height bytes of rgb565 little-endian (the surface format).
 */
const MAGIC = Buffer.from('SPIFBLF1', 'latin1');
const HEADER_BYTES = 16;
/** Save at most this often: a 60 fps stream must not rewrite the file 60 times a second. */
export const SAVE_DELAY_MS = 250;

/** $RUNTIME_DIRECTORY may list several directories, colon-separated (systemd.exec(5)). */
export function defaultLastFrameFile(env: NodeJS.ProcessEnv): string | undefined {
  const dir = env.RUNTIME_DIRECTORY?.split(':')[0];
  return dir ? join(dir, 'last-frame') : undefined;
}

export function encodeLastFrame(width: number, height: number, stride: number, pixels: Uint8Array): Buffer {
  const out = Buffer.alloc(HEADER_BYTES + stride * height);
  MAGIC.copy(out, 0);
  out.writeUInt16LE(width, 8);
  out.writeUInt16LE(height, 10);
  out.writeUInt32LE(stride, 12);
  out.set(pixels.subarray(0, stride * height), HEADER_BYTES);
  return out;
}

/**
 * Put the saved frame into the surface and present it. Returns false (and
 * logs why) when there is none or it was saved for another geometry.
 */
export function restoreLastFrame(file: string, display: Display, logger: Logger): boolean {
  let data: Buffer;
  try {
    data = readFileSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') logger.warn({ err, file }, 'cannot read the last frame');
    return false;
  }
  const { width, height, stride } = display.geometry;
  const ok = data.length === HEADER_BYTES + stride * height && data.subarray(0, 8).equals(MAGIC)
    && data.readUInt16LE(8) === width && data.readUInt16LE(10) === height && data.readUInt32LE(12) === stride;
  if (!ok) {
    logger.warn({ file }, 'last frame is for another geometry or damaged; not shown');
    return false;
  }
  display.drawSurface().bytes.set(data.subarray(HEADER_BYTES));
  display.present();
  logger.info({ file }, 'showing the last frame again');
  return true;
}

/** Writes the streamer's shadow (what the glass shows) after frames, debounced, atomically. */
export class LastFrameSaver {
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();
  private readonly onFrame = (): void => {
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.writing = this.writing.then(() => this.save());
    }, SAVE_DELAY_MS);
  };

  constructor(private readonly file: string, private readonly display: Display, private readonly logger: Logger) {
    display.onFrame(this.onFrame);
  }

  /** Write now what the glass shows (on a clean stop), then stop listening. */
  async close(): Promise<void> {
    this.display.offFrame(this.onFrame);
    const due = this.timer !== undefined;
    clearTimeout(this.timer);
    this.timer = undefined;
    if (due) this.writing = this.writing.then(() => this.save());
    await this.writing;
  }

  private async save(): Promise<void> {
    const { width, height, stride } = this.display.geometry;
    const tmp = `${this.file}.tmp`;
    try {
      // Rename is atomic: a SIGKILL mid-write leaves the previous file whole.
      await writeFile(tmp, encodeLastFrame(width, height, stride, this.display.shownFrame()), { mode: 0o600 });
      await rename(tmp, this.file);
    } catch (err) {
      this.logger.warn({ err, file: this.file }, 'cannot save the last frame');
    }
  }
}
