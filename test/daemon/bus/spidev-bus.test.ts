import t from 'tap';
import { SpidevBus, type SpidevBusOptions } from '../../../daemon/bus/spidev-bus.js';
import { fakeBacklight, fakeEdge, fakeLink, fakeOutput, type WireEvent } from './fakes.js';

function bus(events: WireEvent[], extra: Partial<SpidevBusOptions> = {}): SpidevBus {
  return new SpidevBus({
    link: fakeLink(events),
    pins: { dc: fakeOutput(events, 'dc'), reset: fakeOutput(events, 'reset'), backlight: fakeBacklight(events) },
    pixelHz: 32_000_000,
    commandHz: 10_000_000,
    limits: { bufsiz: 4096, maxTransfer: 65_535 },
    nineBit: 'none',
    teTimeoutMs: 30,
    sleep: async () => {},
    ...extra,
  });
}

t.test('4-wire: DC low for the command byte, high for parameters, each its own message at the command clock', async (t) => {
  const events: WireEvent[] = [];
  await bus(events).command(0x2a, Uint8Array.of(0, 0, 0, 239));
  t.same(events, [
    { kind: 'pin', label: 'dc', value: false },
    { kind: 'message', transfers: [{ bytes: [0x2a], speedHz: 10_000_000, bitsPerWord: 8 }] },
    { kind: 'pin', label: 'dc', value: true },
    { kind: 'message', transfers: [{ bytes: [0, 0, 0, 239], speedHz: 10_000_000, bitsPerWord: 8 }] },
  ]);
});

t.test('pixels: DC high, full clock, chunked to bufsiz', async (t) => {
  const events: WireEvent[] = [];
  await bus(events).pixels(new Uint8Array(10_000).fill(7));
  const msgs = events.filter((e) => e.kind === 'message');
  t.same(msgs.map((m) => m.transfers.map((x) => x.bytes.length)), [[4092], [4092], [1816]]);
  t.ok(msgs.every((m) => m.transfers.every((x) => x.speedHz === 32_000_000)));
  t.same(events[0], { kind: 'pin', label: 'dc', value: true });
});

t.test('reset pulses RESX (asserted, then released) before the settle time', async (t) => {
  const events: WireEvent[] = [];
  await bus(events).reset();
  t.same(events, [{ kind: 'pin', label: 'reset', value: true }, { kind: 'pin', label: 'reset', value: false }]);
});

t.test('without a reset pin, reset is SWRESET', async (t) => {
  const events: WireEvent[] = [];
  await bus(events, { pins: { dc: fakeOutput(events, 'dc') } }).reset();
  t.same(events.filter((e) => e.kind === 'message').map((m) => m.transfers[0].bytes), [[0x01]]);
});

t.test('3-wire 9-bit words carry D/C in bit 8', async (t) => {
  const events: WireEvent[] = [];
  const b = bus(events, { pins: {}, nineBit: 'words' });
  await b.command(0x36, Uint8Array.of(0x48));
  t.same(events.map((e) => e.kind === 'message' && e.transfers[0]), [
    { bytes: [0x36, 0], speedHz: 10_000_000, bitsPerWord: 9 },
    { bytes: [0x48, 1], speedHz: 10_000_000, bitsPerWord: 9 },
  ]);
});

t.test('TE: TEON before the first RAMWR, pixels wait for the edge', async (t) => {
  const events: WireEvent[] = [];
  const te = fakeEdge();
  const b = bus(events, { pins: { dc: fakeOutput(events, 'dc'), te } });
  await b.command(0x2c);
  const sent = events.filter((e) => e.kind === 'message').map((m) => m.transfers[0].bytes);
  t.same(sent, [[0x35], [0x00], [0x2c]], 'TEON(0x00: V-blank only) then RAMWR');
  let done = false;
  const p = b.pixels(Uint8Array.of(1, 2)).then(() => (done = true));
  await new Promise((r) => setTimeout(r, 5));
  t.notOk(done, 'pixels wait for TE');
  te.fire();
  await p;
  t.same(b.teStats, { synced: 1, timeouts: 0 });
  await b.command(0x2c);
  t.equal(events.filter((e) => e.kind === 'message' && e.transfers[0].bytes[0] === 0x35).length, 1, 'TEON once until a reset');
});

t.test('TE: a missing edge times out instead of stalling', async (t) => {
  const events: WireEvent[] = [];
  const te = fakeEdge();
  const b = bus(events, { pins: { dc: fakeOutput(events, 'dc'), te }, teTimeoutMs: 20 });
  await b.command(0x2c);
  const start = performance.now();
  await b.pixels(Uint8Array.of(1, 2));
  t.ok(performance.now() - start >= 15, 'waited about the timeout');
  t.same(b.teStats, { synced: 0, timeouts: 1 });
  await b.pixels(Uint8Array.of(3, 4));
  t.equal(te.waits, 1, 'only the first pixels of a memory write wait');
});

t.test('the contract: overlapping calls and calls after close reject with EBUS', async (t) => {
  const events: WireEvent[] = [];
  const b = bus(events);
  const first = b.pixels(new Uint8Array(100));
  await t.rejects(b.command(0x00), { code: 'EBUS', message: /overlapping/ });
  await first;
  await b.close();
  await t.rejects(b.pixels(new Uint8Array(1)), { code: 'EBUS', message: /closed/ });
});
