import t from 'tap';
import { Ring } from '../../../daemon/ring/ring.js';
import type { SlotOwner } from '../../../daemon/ring/slots.js';
import type { LeaseTimers } from '../../../daemon/ring/slot-lease.js';

/** Timers that fire only when the test says so. */
function fakeTimers() {
  const due = new Map<number, () => void>();
  let next = 0;
  const timers: LeaseTimers = {
    set: (fn) => (due.set(++next, fn), next),
    clear: (h) => void due.delete(h as number),
  };
  return { timers, due, fireAll: () => [...due.entries()].forEach(([h, fn]) => (due.delete(h), fn())) };
}

function owner(id: number) {
  const revoked: number[] = [];
  const o: SlotOwner = { id, released: () => {}, revoked: (slot) => void revoked.push(slot) };
  return { o, revoked };
}

function ring(t: { teardown(fn: () => void): void }, timers: LeaseTimers) {
  const r = Ring.open({
    buffer: 'shm', width: 16, height: 16, stride: 32, wireBytesPerPixel: 2, slots: 3, name: 'lease-test',
    slotPolicy: { maxPerOwner: 2, leaseMs: 1000, timers },
  });
  t.teardown(() => r.close());
  return r.slots;
}

t.test('a lease timer runs only while a slot is held (an idle daemon stays idle)', async (t) => {
  const clock = fakeTimers();
  const slots = ring(t, clock.timers);
  const a = owner(1);
  t.equal(slots.leases.running, 0, 'nothing held: no timer');
  const s1 = slots.acquire(a.o).slot;
  const s2 = slots.acquire(a.o).slot;
  t.equal(slots.leases.running, 2);
  slots.queue(a.o, s1);
  t.equal(slots.leases.running, 1, 'a present ends its lease');
  slots.cancel(a.o, s2);
  t.equal(slots.leases.running, 0, 'a release ends its lease');
  slots.acquire(a.o);
  slots.dropOwner(a.o);
  t.equal(slots.leases.running, 0, 'a disconnect ends its leases');
  t.equal(clock.due.size, 0, 'no timer left with the clock');
});

t.test('an expired lease frees the slot, tells only its holder, and the old holder cannot use it', async (t) => {
  const clock = fakeTimers();
  const slots = ring(t, clock.timers);
  const a = owner(1);
  const b = owner(2);
  const held = slots.acquire(a.o).slot;
  const presented = slots.acquire(b.o).slot;
  slots.queue(b.o, presented);
  clock.fireAll();
  t.same(a.revoked, [held]);
  t.same(b.revoked, [], 'a queued slot is not revoked');
  t.throws(() => slots.queue(a.o, held), { code: 'EBAD_SLOT' });
  t.throws(() => slots.cancel(a.o, held), { code: 'EBAD_SLOT' });
  t.equal(slots.states()[held], 0, 'free in the header again');
});

t.test('the per-owner limit counts held slots only', async (t) => {
  const slots = ring(t, fakeTimers().timers);
  const a = owner(1);
  const b = owner(2);
  const first = slots.acquire(a.o).slot;
  slots.acquire(a.o);
  t.throws(() => slots.acquire(a.o), { code: 'ENO_SLOT', message: /maxSlotsPerClient 2/ });
  slots.acquire(b.o);
  slots.queue(a.o, first);
  t.throws(() => slots.acquire(a.o), { code: 'ENO_SLOT', message: /all 3 slots/ }, 'now every slot is busy');
});
