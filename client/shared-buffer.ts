import { SpifbError } from '../protocol/errors.js';
import type { MapResult } from '../protocol/messages/slots.js';
import {
  SHARED_BUFFER_HEADER as H, SHARED_BUFFER_LAYOUT_VERSION, SHARED_BUFFER_MAGIC, SLOT_ENTRY, slotEntryOffset, SLOT_TABLE_OFFSET,
} from '../protocol/shared-buffer.js';
import {
  accessMode, closeFd, F_SEAL_GROW, F_SEAL_SEAL, F_SEAL_SHRINK, fileSize, mapShared, O_RDONLY, O_RDWR, PROT_READ, PROT_WRITE,
  seals, type Mapped,
} from './fd-passing.js';

/** Sizes a sane daemon never exceeds; anything larger is refused before mapping. */
const MAX_HEADER_BYTES = 1 << 20;
const MAX_SLOTS_BYTES = 1 << 30;
/** Every descriptor must be sealed so: its size is fixed for good, so the mapping cannot SIGBUS (wl_shm does the same check). */
const REQUIRED_SEALS = F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_SEAL;

function refuse(why: string): never {
  throw new SpifbError('EINTERNAL', `refusing the daemon's shared buffer: ${why}`);
}

/** Throws unless `fd` is a sealed memfd of exactly `size` bytes, opened `mode`. */
function checkDescriptor(what: string, fd: number, size: number, mode: number): void {
  let s: number;
  try {
    s = seals(fd);
  } catch (err) {
    refuse(`the ${what} descriptor is not a sealable memfd (${(err as Error).message})`);
  }
  if ((s & REQUIRED_SEALS) !== REQUIRED_SEALS) refuse(`the ${what} memfd is not sealed against resizing (seals 0x${s.toString(16)})`);
  const actual = fileSize(fd);
  if (actual !== size) refuse(`the ${what} memfd holds ${actual} bytes, the reply says ${size}`);
  if (accessMode(fd) !== mode) refuse(`the ${what} descriptor is not ${mode === O_RDONLY ? 'read-only' : 'read-write'}`);
}

function sizeOk(n: unknown, max: number): n is number {
  return Number.isSafeInteger(n) && (n as number) > 0 && (n as number) <= max;
}

/**
 * The daemon's shared memory, mapped into this process (MAP_SHARED) from the
 * two descriptors the `map` reply carries (protocol/README.md "`map`"): the
 * header read-only, the slots read-write. Every size and offset the daemon
 * sends is checked before and after mapping, so a daemon impostor or a
 * corrupt reply gets an error, never a mapping that faults.
 */
export class SharedBuffer {
  private unmapped = false;

  private constructor(readonly header: Uint8Array, readonly slots: Uint8Array, private readonly maps: Mapped[]) {}

  /** Map `fds` (header, slots) as `info` describes them; the descriptors are closed either way. */
  static map(info: MapResult, fds: readonly number[]): SharedBuffer {
    const maps: Mapped[] = [];
    try {
      if (info.layoutVersion !== SHARED_BUFFER_LAYOUT_VERSION) refuse(`layout version ${String(info.layoutVersion)}, this SDK reads ${SHARED_BUFFER_LAYOUT_VERSION}`);
      if (fds.length !== 2 || info.descriptors !== 2) refuse(`${fds.length} descriptors arrived, 2 expected`);
      if (!sizeOk(info.headerSize, MAX_HEADER_BYTES) || info.headerSize < SLOT_TABLE_OFFSET) refuse(`header size ${String(info.headerSize)}`);
      if (!sizeOk(info.slotsSize, MAX_SLOTS_BYTES)) refuse(`slot memory size ${String(info.slotsSize)}`);
      const [headerFd, slotsFd] = fds;
      checkDescriptor('header', headerFd, info.headerSize, O_RDONLY);
      checkDescriptor('slots', slotsFd, info.slotsSize, O_RDWR);
      maps.push(mapShared(headerFd, info.headerSize, PROT_READ));
      const header = maps[0].bytes;
      checkHeader(header, info);
      maps.push(mapShared(slotsFd, info.slotsSize, PROT_READ | PROT_WRITE));
      return new SharedBuffer(header, maps[1].bytes, maps);
    } catch (err) {
      maps.forEach((m) => m.unmap());
      if (err instanceof SpifbError) throw err;
      throw new SpifbError('EINTERNAL', `cannot map the shared buffer: ${(err as Error).message}`);
    } finally {
      fds.forEach(closeFd); // the mappings stay valid after close (mmap(2))
    }
  }

  /** A slot's pixels, after checking that `acquire`'s offset and size lie inside the slot memory. */
  slot(offset: unknown, length: number): Uint8Array {
    if (!Number.isSafeInteger(offset) || (offset as number) < 0 || (offset as number) + length > this.slots.length || length <= 0) {
      refuse(`slot at ${String(offset)}+${length} is outside the ${this.slots.length}-byte slot memory`);
    }
    return this.slots.subarray(offset as number, (offset as number) + length);
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
    this.maps.forEach((m) => m.unmap());
  }
}

/** The header must say what the reply says, and every slot it lists must lie inside the slot memory. */
function checkHeader(header: Uint8Array, info: MapResult): void {
  const magic = new TextDecoder().decode(header.subarray(H.magic, H.magic + SHARED_BUFFER_MAGIC.length));
  if (magic !== SHARED_BUFFER_MAGIC) refuse(`not a spifb header (magic ${JSON.stringify(magic)})`);
  const v = new DataView(header.buffer, header.byteOffset, header.byteLength);
  const u32 = (at: number): number => v.getUint32(at, true);
  if (u32(H.layoutVersion) !== SHARED_BUFFER_LAYOUT_VERSION) refuse(`header layout version ${u32(H.layoutVersion)}`);
  if (u32(H.headerSize) !== info.headerSize || u32(H.slotsSize) !== info.slotsSize) refuse('header sizes disagree with the reply');
  const count = u32(H.slotCount);
  const size = u32(H.slotSize);
  if (slotEntryOffset(count) > info.headerSize || count * size !== info.slotsSize) refuse(`${count} slots of ${size} bytes`);
  if (u32(H.stride) * u32(H.height) > size) refuse('a slot cannot hold stride × height bytes');
  for (let i = 0; i < count; i++) {
    const offset = u32(slotEntryOffset(i) + SLOT_ENTRY.offset);
    if (offset + size > info.slotsSize) refuse(`slot ${i} at ${offset} is outside the slot memory`);
  }
}
