import { SpifbError } from '../../protocol/errors.js';
import { RingHeader, SlotState } from './header.js';
import type { RingLayout } from './layout.js';
import { SlotLeases, type LeaseTimers } from './slot-lease.js';

/** A client holding slots; told when a slot it presented is free again, or one it held was taken back. */
export interface SlotOwner {
  readonly id: number;
  released(slot: number, dropped: boolean): void;
  /** The slot was held past the lease and is free again (README "`revoked`"). */
  revoked(slot: number, message: string): void;
}

/** What one client may hold, so that no client can starve the others (issue 12, item 16). */
export interface SlotPolicy {
  /** Slots one owner may hold at once (acquired, not yet presented or released). */
  maxPerOwner: number;
  /** A slot held this long without present or release is revoked; 0 = never. */
  leaseMs: number;
  timers?: LeaseTimers;
}

const NO_LIMITS: SlotPolicy = { maxPerOwner: Infinity, leaseMs: 0 };

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
 * are still shown, then freed. One owner holds at most `policy.maxPerOwner`
 * slots, each for at most `policy.leaseMs` before it is revoked.
 */
export class SlotTable {
  private readonly slots: Slot[];
  private seq = 0;
  readonly leases: SlotLeases;

  constructor(private readonly bytes: Uint8Array, readonly layout: RingLayout, private readonly header: RingHeader,
    readonly policy: SlotPolicy = NO_LIMITS) {
    this.slots = layout.slotOffsets.map(() => ({ state: SlotState.Free, owner: null, seq: 0 }));
    this.leases = new SlotLeases(policy.leaseMs, (i) => this.revoke(i), policy.timers);
  }

  /** The slot's pixels: stride × height bytes. */
  pixels(index: number): Uint8Array {
    const o = this.layout.slotOffsets[index];
    return this.bytes.subarray(o, o + this.layout.slotBytes);
  }

  /** A free slot for `owner`; one that `prefer` accepts when there is one. */
  acquire(owner: SlotOwner, prefer: (index: number) => boolean = () => true): { slot: number; seq: number } {
    const held = this.slots.filter((s) => s.state === SlotState.Client && s.owner === owner).length;
    if (held >= this.policy.maxPerOwner) {
      throw new SpifbError('ENO_SLOT', `this client already holds ${held} slots, the limit (maxSlotsPerClient ${this.policy.maxPerOwner}); present or release one first`);
    }
    let index = this.slots.findIndex((s, i) => s.state === SlotState.Free && prefer(i));
    if (index < 0) index = this.slots.findIndex((s) => s.state === SlotState.Free);
    if (index < 0) {
      throw new SpifbError('ENO_SLOT', `all ${this.slots.length} slots are in use; wait for a release event`);
    }
    this.set(index, SlotState.Client, owner, ++this.seq);
    this.leases.start(index);
    return { slot: index, seq: this.seq };
  }

  /** Throws EBAD_SLOT unless `owner` holds `index`. */
  checkHeld(owner: SlotOwner, index: unknown): number {
    const slot = Number.isInteger(index) ? this.slots[index as number] : undefined;
    if (!slot || slot.state !== SlotState.Client || slot.owner !== owner) {
      throw new SpifbError('EBAD_SLOT', `slot ${String(index)} is not held by this client (acquire it first; a slot held past the lease is revoked)`);
    }
    return index as number;
  }

  queue(owner: SlotOwner, index: number): void {
    this.checkHeld(owner, index);
    const s = this.slots[index];
    this.leases.end(index);
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
    this.leases.end(i);
    this.set(i, SlotState.Free, null, this.slots[i].seq);
  }

  /** The lease ran out: the slot is free again and its holder is told; a later present of it is EBAD_SLOT. */
  private revoke(index: number): void {
    const s = this.slots[index];
    if (s.state !== SlotState.Client || !s.owner) return;
    const owner = s.owner;
    this.set(index, SlotState.Free, null, s.seq);
    owner.revoked(index, `slot ${index} was held ${this.policy.leaseMs} ms (slotLeaseMs) without present or release; acquire again`);
  }

  /** A client went away: its held slots are free; its queued ones are still shown. */
  dropOwner(owner: SlotOwner): void {
    this.slots.forEach((s, i) => {
      if (s.owner !== owner) return;
      if (s.state === SlotState.Client) {
        this.leases.end(i);
        this.set(i, SlotState.Free, null, s.seq);
      } else s.owner = null;
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
