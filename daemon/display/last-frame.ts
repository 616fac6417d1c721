import { randomBytes } from 'node:crypto';
import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, type Stats } from 'node:fs';
import { open, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { SpifbError } from '../../protocol/errors.js';
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
 * At start: a `lastFrameFile` that exists but is not a regular file (a
 * symlink planted to make the daemon read or clobber another file, a FIFO
 * that would block the read) is refused with EBAD_CONFIG naming the key.
 * The opens below refuse them too (O_NOFOLLOW, O_NONBLOCK), should one
 * appear later.
 */
export function checkLastFrameFile(file: string): void {
  let st: Stats;
  try {
    st = lstatSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw new SpifbError('EBAD_CONFIG', `lastFrameFile: cannot stat ${file}: ${(err as Error).message}`);
  }
  if (!st.isFile()) throw new SpifbError('EBAD_CONFIG', `lastFrameFile: ${file} is ${kindOf(st)}, not a regular file; refusing to read or replace it`);
}

/**
 * The saved file's bytes, or undefined when there is none. A symlink (ELOOP
 * with O_NOFOLLOW) or a FIFO (O_NONBLOCK: open does not wait for a writer)
 * is refused; so is a file of the wrong size, before reading it.
 */
function readLastFrame(file: string, expected: number): Buffer | undefined {
  const { O_RDONLY, O_NOFOLLOW, O_NONBLOCK } = constants;
  const fd = openSync(file, O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new SpifbError('EBAD_CONFIG', `lastFrameFile: ${file} is ${kindOf(st)}, not a regular file`);
    if (st.size !== expected) return undefined;
    const data = Buffer.alloc(expected);
    let got = 0;
    while (got < expected) {
      const n = readSync(fd, data, got, expected - got, got);
      if (n === 0) return undefined;
      got += n;
    }
    return data;
  } finally {
    closeSync(fd);
  }
}

/**
 * Put the saved frame into the surface and present it. Returns false (and
 * logs why) when there is none or it was saved for another geometry.
 */
export function restoreLastFrame(file: string, display: Display, logger: Logger): boolean {
  const { width, height, stride } = display.geometry;
  let data: Buffer | undefined;
  try {
    data = readLastFrame(file, HEADER_BYTES + stride * height);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') logger.warn({ err, file }, 'cannot read the last frame');
    return false;
  }
  const ok = data?.subarray(0, 8).equals(MAGIC)
    && data.readUInt16LE(8) === width && data.readUInt16LE(10) === height && data.readUInt32LE(12) === stride;
  if (!data || !ok) {
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
    // A fresh name each time, created with O_EXCL (which never follows a
    // symlink): a link or FIFO planted at a guessable `.tmp` is never written through.
    const tmp = `${this.file}.${randomBytes(6).toString('hex')}.tmp`;
    const { O_WRONLY, O_CREAT, O_EXCL, O_NOFOLLOW } = constants;
    let created = false;
    try {
      const fh = await open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0o600);
      created = true;
      try {
        await fh.writeFile(encodeLastFrame(width, height, stride, this.display.shownFrame()));
      } finally {
        await fh.close();
      }
      // Rename is atomic and replaces a link at `file` itself, never its target:
      // a SIGKILL mid-write leaves the previous file whole.
      await rename(tmp, this.file);
    } catch (err) {
      if (created) await unlink(tmp).catch(() => {});
      this.logger.warn({ err, file: this.file }, 'cannot save the last frame');
    }
  }
}

function kindOf(st: Stats): string {
  if (st.isSymbolicLink()) return 'a symbolic link';
  if (st.isFIFO()) return 'a FIFO';
  if (st.isDirectory()) return 'a directory';
  if (st.isSocket()) return 'a socket';
  return 'a device';
}
