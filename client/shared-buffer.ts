import { closeSync, constants, openSync } from 'node:fs';
import koffi from 'koffi';
import { SpifbError } from '../protocol/errors.js';
import type { MapResult } from '../protocol/messages/slots.js';
import { SHARED_BUFFER_HEADER, SHARED_BUFFER_MAGIC } from '../protocol/shared-buffer.js';

/**
 * The daemon's shared buffer, mapped into this process (MAP_SHARED) with
 * koffi — Node has no mmap of its own. The header page describes the layout
 * (protocol/README.md, "Shared buffer"); this reads only what the SDK needs.
 */
export class SharedBuffer {
  private unmapped = false;

  private constructor(
    readonly bytes: Uint8Array,
    private readonly ptr: unknown,
    private readonly size: number,
  ) {}

  static map(info: MapResult): SharedBuffer {
    let fd: number;
    try {
      fd = openSync(info.path, constants.O_RDWR);
    } catch (err) {
      throw new SpifbError('ENO_DEVICE', `cannot open the shared buffer ${info.path}: ${(err as Error).message}`);
    }
    try {
      const { mmap } = libc();
      // PROT_READ|PROT_WRITE, MAP_SHARED (asm-generic/mman-common.h).
      const ptr = mmap(null, info.size, 3, 1, fd, 0);
      if (ptr === null || koffi.address(ptr) === 0xffffffffffffffffn) {
        throw new SpifbError('ENO_DEVICE', `mmap of ${info.path} failed (errno ${koffi.errno()})`);
      }
      const bytes = new Uint8Array(koffi.view(ptr, info.size));
      const at = info.headerOffset + SHARED_BUFFER_HEADER.magic;
      const magic = new TextDecoder().decode(bytes.subarray(at, at + SHARED_BUFFER_MAGIC.length));
      if (magic !== SHARED_BUFFER_MAGIC) throw new SpifbError('EINTERNAL', `${info.path} is not a spifb buffer (magic ${JSON.stringify(magic)})`);
      return new SharedBuffer(bytes, ptr, info.size);
    } finally {
      closeSync(fd); // the mapping stays valid after close (mmap(2))
    }
  }

  /** Frames handed out over this mapping and not yet presented or released. */
  private users = 0;
  private retired = false;

  /** A Frame now points into the mapping. */
  retain(): void {
    this.users++;
  }

  /** That Frame is done; unmaps if the buffer was retired meanwhile. */
  release(): void {
    this.users--;
    if (this.retired && this.users <= 0) this.unmap();
  }

  /**
   * Unmap once no Frame points into it any more: unmapping memory an app is
   * still drawing into would crash it (SIGSEGV), not raise an error.
   */
  retire(): void {
    this.retired = true;
    if (this.users <= 0) this.unmap();
  }

  private unmap(): void {
    if (this.unmapped) return;
    this.unmapped = true;
    libc().munmap(this.ptr, this.size);
  }
}

interface Mman {
  mmap: (addr: null, len: number, prot: number, flags: number, fd: number, off: number) => unknown;
  munmap: (addr: unknown, len: number) => number;
}
let mman: Mman | undefined;
function libc(): Mman {
  if (!mman) {
    const lib = koffi.load(null);
    mman = {
      mmap: lib.func('void *mmap(void *addr, size_t len, int prot, int flags, int fd, int64_t off)'),
      munmap: lib.func('int munmap(void *addr, size_t len)'),
    } as unknown as Mman;
  }
  return mman;
}
