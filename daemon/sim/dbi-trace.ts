import { closeSync, constants, fstatSync, ftruncateSync, openSync, writeSync, type Stats } from 'node:fs';
import { SpifbError } from '../../protocol/errors.js';

/**
 * DBI trace: a record of what went over the wire to the panel, so any other
 * decoder (a logic-analyser script, another simulator) can check it.
 *
 * File layout (docs: ARCHITECTURE.md, "DBI trace format"):
 *   8 bytes ASCII "SPIFBDBI", then records [u8 kind][u32 LE length][bytes]
 *   kind 0 = command byte(s), DC low; 1 = data, DC high; 2 = RESX pulse, length 0.
 */
export const DBI_TRACE_MAGIC: Uint8Array = new TextEncoder().encode('SPIFBDBI');

const KIND_COMMAND = 0;
const KIND_DATA = 1;
const KIND_RESET = 2;
const HEADER = 5; // u8 kind + u32 length

export type DbiRecordKind = 'command' | 'data' | 'reset';

export interface DbiRecord {
  kind: DbiRecordKind;
  /** For records from parseDbiTrace: a view into the parsed buffer, not a copy. */
  bytes: Uint8Array;
}

/** A malformed trace; `offset` is the byte offset in the file where it went wrong. */
export class DbiTraceError extends Error {
  readonly code = 'EBAD_TRACE';
  readonly offset: number;
  constructor(offset: number, what: string) {
    super(`bad DBI trace at byte ${offset}: ${what}`);
    this.name = 'DbiTraceError';
    this.offset = offset;
  }
}

/** Where replayed bytes go; SimPanel is one. */
export interface DbiSink {
  command(cmd: number): void;
  data(bytes: Uint8Array): void;
  hardwareReset(): void;
}

export interface DbiTraceWriterOptions {
  bufferSize?: number;
  /** The setting named in errors (`trace` for `--trace`). */
  key?: string;
  /** writeSync by default; tests inject a failing one (ENOSPC). */
  write?: (fd: number, bytes: Uint8Array, offset: number, length: number) => number;
  /** Tests only: also accept a character device (`/dev/full` answers every write with ENOSPC). */
  allowCharacterDevice?: boolean;
}

/**
 * Writes a DBI trace. Records are gathered in memory and written with one
 * synchronous write per `bufferSize` bytes, so tracing a 150 KB frame costs a
 * couple of copies, not a syscall per chunk. Records are stored as given (no
 * merging), so the trace also shows how the bus chunked the transfer.
 *
 * Only a regular file is written (see openTraceFile). A write error (ENOSPC,
 * EIO) ends the trace: it is thrown once, the file is closed, and every later
 * call is a no-op — a full disk must cost the trace, never the frames.
 */
export class DbiTraceWriter {
  readonly path: string;
  /** The write error that ended the trace, if one did. */
  failure: Error | undefined;
  private fd: number | undefined;
  private readonly buf: Buffer;
  private len = 0;
  private readonly write: NonNullable<DbiTraceWriterOptions['write']>;

  constructor(path: string, options: DbiTraceWriterOptions = {}) {
    this.path = path;
    this.buf = Buffer.allocUnsafe(Math.max(options.bufferSize ?? 1 << 20, 64));
    this.write = options.write ?? writeSync;
    this.fd = openTraceFile(path, options.key ?? 'trace', options.allowCharacterDevice ?? false);
    this.append(DBI_TRACE_MAGIC);
  }

  /** Byte(s) sent with DC low. */
  command(bytes: Uint8Array): void { this.record(KIND_COMMAND, bytes); }

  /** Bytes sent with DC high. */
  data(bytes: Uint8Array): void { this.record(KIND_DATA, bytes); }

  /** A RESX pulse. */
  reset(): void { this.record(KIND_RESET, new Uint8Array(0)); }

  /** Write everything recorded so far, so another process can read it. */
  flush(): void {
    if (this.failure) return;
    this.writeAll(this.buf.subarray(0, this.len));
    this.len = 0;
  }

  /** Flush and close; later calls throw. Closing twice is allowed. */
  close(): void {
    if (this.fd === undefined) return;
    this.flush();
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  private record(kind: number, bytes: Uint8Array): void {
    if (this.failure) return;
    this.openFd();
    if (this.len + HEADER > this.buf.length) this.flush();
    this.buf[this.len] = kind;
    this.buf.writeUInt32LE(bytes.length, this.len + 1);
    this.len += HEADER;
    this.append(bytes);
  }

  private append(bytes: Uint8Array): void {
    if (this.len + bytes.length <= this.buf.length) {
      this.buf.set(bytes, this.len);
      this.len += bytes.length;
      return;
    }
    // Too big for what is left: flush, then either buffer it or write it straight through.
    this.flush();
    if (bytes.length <= this.buf.length) {
      this.buf.set(bytes, 0);
      this.len = bytes.length;
      return;
    }
    this.writeAll(bytes);
  }

  private writeAll(bytes: Uint8Array): void {
    const fd = this.openFd();
    try {
      let off = 0;
      while (off < bytes.length) off += this.write(fd, bytes, off, bytes.length - off);
    } catch (err) {
      // A half-written record cannot be resumed: end the trace here.
      this.failure = err as Error;
      this.len = 0;
      this.fd = undefined;
      try { closeSync(fd); } catch { /* the write error is the one worth reporting */ }
      throw err;
    }
  }

  private openFd(): number {
    if (this.fd === undefined) {
      throw Object.assign(new Error(`DBI trace ${this.path} is closed`), { code: 'ETRACE_CLOSED' });
    }
    return this.fd;
  }
}

/**
 * Open `path` for a trace without following a symbolic link at it (a link
 * planted there would make a root daemon overwrite its target) and without
 * blocking on a FIFO (open(2) of a FIFO with no reader waits forever; with
 * O_NONBLOCK it fails with ENXIO). Anything but a regular file is refused
 * with EBAD_CONFIG naming `key`. Flag values come from Node (O_NOFOLLOW
 * differs between architectures). O_NONBLOCK stays set: it has no effect on
 * a regular file (open(2)), the only kind kept. Truncated only after the
 * check, so a refused path is left as it was.
 */
export function openTraceFile(path: string, key: string, allowCharacterDevice = false): number {
  const { O_WRONLY, O_CREAT, O_NOFOLLOW, O_NONBLOCK } = constants;
  let fd: number;
  try {
    fd = openSync(path, O_WRONLY | O_CREAT | O_NOFOLLOW | O_NONBLOCK, 0o644);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') throw refused(key, path, 'is a symbolic link, which is not followed');
    if (code === 'ENXIO') throw refused(key, path, 'is a FIFO or socket, not a regular file');
    throw new SpifbError('EBAD_CONFIG', `${key}: cannot open ${path} for writing: ${(err as Error).message}`);
  }
  const st = fstatSync(fd);
  if (!st.isFile() && !(allowCharacterDevice && st.isCharacterDevice())) {
    closeSync(fd);
    throw refused(key, path, `is ${kindOf(st)}, not a regular file`);
  }
  if (st.isFile()) ftruncateSync(fd, 0);
  return fd;
}

function refused(key: string, path: string, why: string): SpifbError {
  return new SpifbError('EBAD_CONFIG', `${key}: ${path} ${why}; refusing to write it`);
}

function kindOf(st: Stats): string {
  if (st.isFIFO()) return 'a FIFO';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  if (st.isDirectory()) return 'a directory';
  return 'of another kind';
}

/** Parse a whole trace. Throws DbiTraceError (code EBAD_TRACE) on a bad magic, unknown kind or truncated record. */
export function parseDbiTrace(buf: Uint8Array): DbiRecord[] {
  if (buf.length < DBI_TRACE_MAGIC.length) throw new DbiTraceError(0, `file too short for the magic (${buf.length} bytes)`);
  for (let i = 0; i < DBI_TRACE_MAGIC.length; i++) {
    if (buf[i] !== DBI_TRACE_MAGIC[i]) throw new DbiTraceError(i, 'magic is not "SPIFBDBI"');
  }
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const records: DbiRecord[] = [];
  let off = DBI_TRACE_MAGIC.length;
  while (off < buf.length) {
    if (off + HEADER > buf.length) throw new DbiTraceError(off, `truncated record header (${buf.length - off} of ${HEADER} bytes)`);
    const kindByte = buf[off];
    const len = view.getUint32(off + 1, true);
    let kind: DbiRecordKind;
    if (kindByte === KIND_COMMAND) kind = 'command';
    else if (kindByte === KIND_DATA) kind = 'data';
    else if (kindByte === KIND_RESET) kind = 'reset';
    else throw new DbiTraceError(off, `unknown record kind ${kindByte}`);
    if (kind === 'reset' && len !== 0) throw new DbiTraceError(off, `reset record with length ${len}`);
    const start = off + HEADER;
    if (start + len > buf.length) throw new DbiTraceError(off, `truncated record: length ${len}, ${buf.length - start} bytes left`);
    records.push({ kind, bytes: buf.subarray(start, start + len) });
    off = start + len;
  }
  return records;
}

/** Feed records into a panel: commands byte by byte (each byte is a DC-low byte), data as is, resets as RESX pulses. */
export function replayDbiTrace(records: Iterable<DbiRecord>, panel: DbiSink): void {
  for (const r of records) {
    if (r.kind === 'command') for (const b of r.bytes) panel.command(b);
    else if (r.kind === 'data') panel.data(r.bytes);
    else panel.hardwareReset();
  }
}
