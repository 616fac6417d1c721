import { closeSync, openSync, writeSync } from 'node:fs';

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

/**
 * Writes a DBI trace. Records are gathered in memory and written with one
 * synchronous write per `bufferSize` bytes, so tracing a 150 KB frame costs a
 * couple of copies, not a syscall per chunk. Records are stored as given (no
 * merging), so the trace also shows how the bus chunked the transfer.
 */
export class DbiTraceWriter {
  readonly path: string;
  private fd: number | undefined;
  private readonly buf: Buffer;
  private len = 0;

  constructor(path: string, options: { bufferSize?: number } = {}) {
    this.path = path;
    this.buf = Buffer.allocUnsafe(Math.max(options.bufferSize ?? 1 << 20, 64));
    this.fd = openSync(path, 'w');
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
    const fd = this.openFd();
    let off = 0;
    while (off < this.len) off += writeSync(fd, this.buf, off, this.len - off);
    this.len = 0;
  }

  /** Flush and close; later calls throw. Closing twice is allowed. */
  close(): void {
    if (this.fd === undefined) return;
    this.flush();
    closeSync(this.fd);
    this.fd = undefined;
  }

  private record(kind: number, bytes: Uint8Array): void {
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
    const fd = this.openFd();
    let off = 0;
    while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
  }

  private openFd(): number {
    if (this.fd === undefined) {
      throw Object.assign(new Error(`DBI trace ${this.path} is closed`), { code: 'ETRACE_CLOSED' });
    }
    return this.fd;
  }
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
