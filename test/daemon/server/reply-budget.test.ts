import t from 'tap';
import { ReplyBudget, type QueueHolder } from '../../../daemon/server/reply-budget.js';
import { RefusalLog } from '../../../daemon/server/refusal-log.js';

class Holder implements QueueHolder {
  dropped = '';
  constructor(public queued: number) {}
  queuedBytes(): number {
    return this.dropped ? 0 : this.queued;
  }
  drop(reason: string): void {
    this.dropped = reason;
  }
}

t.test('within the cap everything is admitted', async (t) => {
  const b = new ReplyBudget(1000);
  const a = new Holder(0);
  b.add(a);
  t.equal(b.admit(a, 1000), 'ok');
  a.queued = 1000;
  b.note(a);
  t.equal(b.total(), 1000);
});

t.test('over the cap the largest other holder is dropped to make room', async (t) => {
  const b = new ReplyBudget(1000);
  const hog = new Holder(700);
  const small = new Holder(100);
  const reader = new Holder(0);
  [hog, small, reader].forEach((h) => b.add(h));
  t.equal(b.admit(reader, 500), 'ok', 'the reading client gets its reply');
  t.match(hog.dropped, /700 bytes unread/, 'the worst offender was dropped');
  t.equal(small.dropped, '', 'the next one was not needed');
});

t.test('the largest holder itself is refused', async (t) => {
  const b = new ReplyBudget(1000);
  const hog = new Holder(900);
  const other = new Holder(50);
  [hog, other].forEach((h) => b.add(h));
  t.equal(b.admit(hog, 200), 'refuse');
  t.equal(other.dropped, '', 'nobody else pays for it');
  t.equal(b.admit(hog, 50), 'ok', 'a small EBUSY still fits');
});

t.test('requests of the largest holder are deferred once the budget is half used', async (t) => {
  const b = new ReplyBudget(1000);
  const hog = new Holder(400);
  const reader = new Holder(0);
  [hog, reader].forEach((h) => b.add(h));
  t.notOk(b.defers(hog), 'under half: run it');
  hog.queued = 600;
  t.ok(b.defers(hog), 'over half and the largest: EBUSY unrun');
  t.notOk(b.defers(reader), 'a client with nothing queued is always run');
});

t.test('the bound follows drains and departures', async (t) => {
  const b = new ReplyBudget(1000);
  const a = new Holder(900);
  b.add(a);
  b.note(a);
  a.queued = 0;
  b.note(a);
  t.equal(b.admit(new Holder(0), 1000), 'ok', 'an unknown sender: no one to drop, fits after the drain');
  a.queued = 900;
  b.note(a);
  b.delete(a);
  t.equal(b.total(), 0);
});

t.test('RefusalLog: first line at once, the rest counted into one line per window', async (t) => {
  const lines: Array<[Record<string, unknown>, string]> = [];
  const log = new RefusalLog({ warn: (o, m) => lines.push([o as Record<string, unknown>, m]) }, 50);
  for (let i = 0; i < 30; i++) log.refused(i % 2 ? 'maxClients' : 'maxClientsPerUid', 'refused one', { uid: 1000 });
  t.equal(lines.length, 1, 'one line during the burst');
  await new Promise((r) => setTimeout(r, 80));
  t.equal(lines.length, 2, 'one summary when the window ends');
  t.match(lines[1], [{ refused: 29, byReason: { maxClients: 15, maxClientsPerUid: 14 } }, /refused 29 more connections/]);
  await new Promise((r) => setTimeout(r, 80));
  t.equal(lines.length, 2, 'nothing when nothing was refused');
  log.refused('allowList', 'not allowed');
  t.equal(lines.length, 3, 'a quiet window ends the rate limit');
  log.close();
});
