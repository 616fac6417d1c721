import { SpifbError } from '../../protocol/errors.js';
import { RingHeader, SlotState } from './header.js';
import type { RingLayout } from './layout.js';

/** A client holding slots; told when a slot it presented is free again. */
export interface SlotOwner {
  readonly id: number;
  released(slot: number, dropped: boolean): void;
}

interface Slot {
  state: SlotState;
  owner: SlotOwner | null;
  seq: number;
}

/**
 * Slot ownership: free → held by a client → queued (presented) → on the wire
 * (the daemon reading it into the tx area) → free. Every change is mirrored
 * into the header page, so a mapped client sees the states too. A client that
 * disconnects loses the slots it held (back to free); slots it had presented
 * are still shown, then freed.
 */
export class SlotTable {
  private readonly slots: Slot[];
  private seq = 0;

  constructor(private readonly bytes: Uint8Array, readonly layout: RingLayout, private readonly header: RingHeader) {
    this.slots = layout.slotOffsets.map(() => ({ state: SlotState.Free, owner: null, seq: 0 }));
  }

  /** The slot's pixels: stride × height bytes. */
  pixels(index: number): Uint8Array {
    const o = this.layout.slotOffsets[index];
    return this.bytes.subarray(o, o + this.layout.slotBytes);
  }

  /** A free slot for `owner`; one that `prefer` accepts when there is one. */
  acquire(owner: SlotOwner, prefer: (index: number) => boolean = () => true): { slot: number; seq: number } {
    let index = this.slots.findIndex((s, i) => s.state === SlotState.Free && prefer(i));
    if (index < 0) index = this.slots.findIndex((s) => s.state === SlotState.Free);
    if (index < 0) {
      throw new SpifbError('ENO_SLOT', `all ${this.slots.length} slots are in use; wait for a release event`);
    }
    this.set(index, SlotState.Client, owner, ++this.seq);
    return { slot: index, seq: this.seq };
  }

  /** Throws EBAD_SLOT unless `owner` holds `index`. */
  checkHeld(owner: SlotOwner, index: unknown): number {
    const slot = Number.isInteger(index) ? this.slots[index as number] : undefined;
    if (!slot || slot.state !== SlotState.Client || slot.owner !== owner) {
      throw new SpifbError('EBAD_SLOT', `slot ${String(index)} is not held by this client (acquire it first)`);
    }
    return index as number;
  }

  queue(owner: SlotOwner, index: number): void {
    this.checkHeld(owner, index);
    const s = this.slots[index];
    this.set(index, SlotState.Queued, s.owner, s.seq);
  }

  /** The daemon starts reading a queued slot. */
  onWire(index: number): void {
    const s = this.slots[index];
    this.set(index, SlotState.Wire, s.owner, s.seq);
  }

  /** Free a queued or on-wire slot; `dropped` when a newer present replaced it unseen. */
  release(index: number, dropped: boolean): void {
    const s = this.slots[index];
    const owner = s.owner;
    this.set(index, SlotState.Free, null, s.seq);
    owner?.released(index, dropped);
  }

  /** The client gives back a slot it acquired but will not present. */
  cancel(owner: SlotOwner, index: unknown): void {
    const i = this.checkHeld(owner, index);
    this.set(i, SlotState.Free, null, this.slots[i].seq);
  }

  /** A client went away: its held slots are free; its queued ones are still shown. */
  dropOwner(owner: SlotOwner): void {
    this.slots.forEach((s, i) => {
      if (s.owner !== owner) return;
      if (s.state === SlotState.Client) this.set(i, SlotState.Free, null, s.seq);
      else s.owner = null;
    });
  }

  states(): SlotState[] {
    return this.slots.map((s) => s.state);
  }

  private set(index: number, state: SlotState, owner: SlotOwner | null, seq: number): void {
    const s = this.slots[index];
    s.state = state;
    s.owner = owner;
    s.seq = seq;
    this.header.setSlot(index, state, seq);
  }
}
