import t from 'tap';
import type { FrameProgram } from '../../../daemon/bus/bus.js';
import { SpidevBus, type SpidevBusOptions } from '../../../daemon/bus/spidev-bus.js';
import { DcsPanel } from '../../../daemon/panel/dcs-panel.js';
import { ili9341 } from '../../../daemon/panel/presets/ili9341.js';
import { dcMessages, fakeBacklight, fakeEdge, fakeLink, fakeOutput, steadyEdge, type DcMessage, type WireEvent } from './fakes.js';

const PIXEL_HZ = 32_000_000;
const COMMAND_HZ = 10_000_000;

function bus(events: WireEvent[], extra: Partial<SpidevBusOptions> = {}): SpidevBus {
  return new SpidevBus({
    link: fakeLink(events),
    pins: { dc: fakeOutput(events, 'dc'), reset: fakeOutput(events, 'reset'), backlight: fakeBacklight(events) },
    pixelHz: PIXEL_HZ,
    commandHz: COMMAND_HZ,
    limits: { bufsiz: 4096, maxTransfer: 65_535 },
    nineBit: 'none',
    teTimeoutMs: 30,
    sleep: async () => {},
    ...extra,
  });
}

/** A command byte with DC low, then its parameters with DC high at the command clock. */
function command(cmd: number, ...params: number[]): FrameProgram['segments'] {
  return params.length > 0
    ? [{ op: 'command', bytes: Uint8Array.of(cmd) }, { op: 'data', bytes: Uint8Array.from(params), clock: 'command' }]
    : [{ op: 'command', bytes: Uint8Array.of(cmd) }];
}

/**
 * What the controller decoded: each command with the parameters sent after
 * it at the command clock; pixel data (the full clock) as `px`, TE waits as `te`.
 */
function decoded(messages: DcMessage[]): Array<number[] | 'px' | 'te'> {
  const out: Array<number[] | 'px' | 'te'> = [];
  for (const m of messages) {
    if (m === 'te-wait') out.push('te');
    else if (!m.dc) out.push([...m.bytes]);
    else if (m.speedHz === COMMAND_HZ && Array.isArray(out.at(-1))) (out.at(-1) as number[]).push(...m.bytes);
    else if (out.at(-1) !== 'px') out.push('px');
  }
  return out;
}

// MIPI DCS 1.02 Table 6, ILI9341 §8.2 numbers.
const SWRESET = 0x01; // §8.2.2: 120 ms before Sleep Out
const SLPOUT = 0x11; // §8.2.12
const CASET = 0x2a; // §8.2.20
const PASET = 0x2b; // §8.2.21
const RAMWR = 0x2c; // §8.2.22
const TEON = 0x35; // §8.2.28; parameter 00h = TELOM 0: V-blanking only

t.test('4-wire: DC low for the command byte, high for parameters, each its own message at the command clock', async (t) => {
  const events: WireEvent[] = [];
  await bus(events).run({ segments: command(CASET, 0, 0, 0, 239) });
  t.same(events, [
    { kind: 'pin', label: 'dc', value: false },
    { kind: 'message', transfers: [{ bytes: [CASET], speedHz: COMMAND_HZ, bitsPerWord: 8 }] },
    { kind: 'pin', label: 'dc', value: true },
    { kind: 'message', transfers: [{ bytes: [0, 0, 0, 239], speedHz: COMMAND_HZ, bitsPerWord: 8 }] },
  ]);
});

t.test('a command segment of several bytes is one message with DC low (the 16-bit boards\' 00h, command word)', async (t) => {
  const events: WireEvent[] = [];
  // drivers/gpu/drm/tiny/ili9486.c waveshare_command(): the shift registers latch 16 bits per chip-select.
  await bus(events).run({ segments: [{ op: 'command', bytes: Uint8Array.of(0x00, CASET) }] });
  t.same(events, [
    { kind: 'pin', label: 'dc', value: false },
    { kind: 'message', transfers: [{ bytes: [0x00, CASET], speedHz: COMMAND_HZ, bitsPerWord: 8 }] },
  ]);
});

t.test('pixels: DC high, full clock, chunked to bufsiz', async (t) => {
  const events: WireEvent[] = [];
  await bus(events).run({ segments: [{ op: 'data', bytes: new Uint8Array(10_000).fill(7), clock: 'pixels' }] });
  const msgs = events.filter((e) => e.kind === 'message');
  t.same(msgs.map((m) => m.transfers.map((x) => x.bytes.length)), [[4092], [4092], [1816]]);
  t.ok(msgs.every((m) => m.transfers.every((x) => x.speedHz === PIXEL_HZ)));
  t.same(events[0], { kind: 'pin', label: 'dc', value: true });
});

t.test('the bus sends exactly the program: no byte of its own before, between or after the segments', async (t) => {
  const events: WireEvent[] = [];
  const te = steadyEdge(events);
  const b = bus(events, { pins: { dc: fakeOutput(events, 'dc'), te } });
  await b.run({ segments: [{ op: 'wait-te' }, ...command(RAMWR), { op: 'data', bytes: Uint8Array.of(1, 2), clock: 'pixels' }] });
  t.same(dcMessages(events), [
    'te-wait',
    { dc: false, bytes: [RAMWR], speedHz: COMMAND_HZ },
    { dc: true, bytes: [1, 2], speedHz: PIXEL_HZ },
  ], 'no TEON before the first RAMWR: that is the panel\'s to send');
});

t.test('reset pulses RESX (asserted, then released) before the settle time, and says it did', async (t) => {
  const events: WireEvent[] = [];
  t.equal(await bus(events).reset(), true);
  t.same(events, [{ kind: 'pin', label: 'reset', value: true }, { kind: 'pin', label: 'reset', value: false }]);
});

t.test('without a reset pin, reset sends nothing and resolves false', async (t) => {
  const events: WireEvent[] = [];
  t.equal(await bus(events, { pins: { dc: fakeOutput(events, 'dc') } }).reset(), false);
  t.same(events, [], 'no SWRESET from the bus: it knows no command byte');
});

t.test('without a reset pin, the panel sends SWRESET first and waits 120 ms before its init', async (t) => {
  const events: WireEvent[] = [];
  const sleeps: number[] = [];
  const panel = new DcsPanel(ili9341, 0, bus(events, { pins: { dc: fakeOutput(events, 'dc') } }), async (ms) => void sleeps.push(ms));
  await panel.init();
  const wire = decoded(dcMessages(events));
  t.same(wire[0], [SWRESET], 'SWRESET is the first thing on the wire');
  t.equal(wire.filter((c) => Array.isArray(c) && c[0] === SWRESET).length, 1, 'once');
  t.equal(sleeps[0], 120, 'then 120 ms (ILI9341 §8.2.2)');
});

t.test('with a reset pin, the panel pulses RESX and sends no SWRESET', async (t) => {
  const events: WireEvent[] = [];
  await new DcsPanel(ili9341, 0, bus(events), async () => {}).init();
  t.same(events[0], { kind: 'pin', label: 'reset', value: true }, 'RESX first');
  t.notOk(decoded(dcMessages(events)).some((c) => Array.isArray(c) && c[0] === SWRESET));
});

t.test('3-wire 9-bit words carry D/C in bit 8', async (t) => {
  const events: WireEvent[] = [];
  const b = bus(events, { pins: {}, nineBit: 'words' });
  await b.run({ segments: command(0x36, 0x48) }); // MADCTL (ILI9341 §8.2.29)
  t.same(events.map((e) => e.kind === 'message' && e.transfers[0]), [
    { bytes: [0x36, 0], speedHz: COMMAND_HZ, bitsPerWord: 9 },
    { bytes: [0x48, 1], speedHz: COMMAND_HZ, bitsPerWord: 9 },
  ]);
});

t.test('TE: wait-te holds the next segment until the edge', async (t) => {
  const events: WireEvent[] = [];
  const te = fakeEdge();
  const b = bus(events, { pins: { dc: fakeOutput(events, 'dc'), te } });
  t.equal(b.hasTe, true, 'a TE pin is wired');
  let done = false;
  const p = b.run({ segments: [...command(PASET, 0, 0, 0, 9), { op: 'wait-te' }, ...command(RAMWR), { op: 'data', bytes: Uint8Array.of(1, 2), clock: 'pixels' }] })
    .then(() => (done = true));
  await new Promise((r) => setTimeout(r, 5));
  t.notOk(done, 'the program waits for TE');
  t.same(decoded(dcMessages(events)), [[PASET, 0, 0, 0, 9]], 'what comes before the marker is sent, nothing after it');
  te.fire();
  await p;
  t.same(decoded(dcMessages(events)), [[PASET, 0, 0, 0, 9], [RAMWR], 'px']);
  t.same(b.teStats, { synced: 1, timeouts: 0 });
});

t.test('TE: a missing edge times out instead of stalling; one wait per marker, not per memory write', async (t) => {
  const events: WireEvent[] = [];
  const te = fakeEdge();
  const b = bus(events, { pins: { dc: fakeOutput(events, 'dc'), te }, teTimeoutMs: 20 });
  const pixels = { op: 'data', bytes: Uint8Array.of(1, 2), clock: 'pixels' } as const;
  const start = performance.now();
  await b.run({ segments: [{ op: 'wait-te' }, ...command(RAMWR), pixels, ...command(RAMWR), pixels] });
  t.ok(performance.now() - start >= 15, 'waited about the timeout');
  t.same(b.teStats, { synced: 0, timeouts: 1 });
  t.equal(te.waits, 1, 'the second RAMWR of the program does not wait');
});

t.test('without a TE pin, hasTe is false and wait-te is a no-op', async (t) => {
  const events: WireEvent[] = [];
  const b = bus(events);
  t.equal(b.hasTe, false);
  await b.run({ segments: [{ op: 'wait-te' }, ...command(RAMWR)] });
  t.same(decoded(dcMessages(events)), [[RAMWR]]);
  t.same(b.teStats, { synced: 0, timeouts: 0 });
});

t.test('TE: the panel turns TE on at init (35h 00h, after Sleep Out, before the first RAMWR), once per init', async (t) => {
  const events: WireEvent[] = [];
  const panel = new DcsPanel(ili9341, 0, bus(events, { pins: { dc: fakeOutput(events, 'dc'), reset: fakeOutput(events, 'reset'), te: steadyEdge(events) } }), async () => {});
  await panel.init();
  const wire = decoded(dcMessages(events));
  const at = (cmd: number): number => wire.findIndex((c) => Array.isArray(c) && c[0] === cmd);
  t.same(wire[at(TEON)], [TEON, 0x00], 'TEON with TELOM 0');
  t.ok(at(SLPOUT) < at(TEON) && at(TEON) < at(RAMWR), 'after Sleep Out, before the first memory write');
  t.notOk(wire.includes('te'), 'the clear behind the dark display does not wait for TE');
  await panel.writeRect(new Uint8Array(240 * 2 * 320), 480, { x: 0, y: 0, w: 4, h: 4 });
  // TEON is off again after RESX and SWRESET (ILI9341 §8.2.28 "Reset default"): every init sends it.
  await panel.init();
  t.equal(decoded(dcMessages(events)).filter((c) => Array.isArray(c) && c[0] === TEON).length, 2, 'once per init, never with a frame');
});

t.test('without a TE pin the panel sends no TEON', async (t) => {
  const events: WireEvent[] = [];
  await new DcsPanel(ili9341, 0, bus(events), async () => {}).init();
  t.notOk(decoded(dcMessages(events)).some((c) => Array.isArray(c) && c[0] === TEON));
});

t.test('TE: a frame of three windows waits for the edge once, before its first window', async (t) => {
  const events: WireEvent[] = [];
  const te = steadyEdge(events);
  const panel = new DcsPanel(ili9341, 0, bus(events, { pins: { dc: fakeOutput(events, 'dc'), te } }), async () => {});
  await panel.init();
  events.length = 0;
  const windows = [{ x: 0, y: 0, w: 2, h: 1 }, { x: 10, y: 20, w: 2, h: 1 }, { x: 100, y: 200, w: 2, h: 1 }];
  await panel.writeFrame(windows, new Uint8Array(3 * 2 * 2));
  const wire = decoded(dcMessages(events));
  t.equal(wire[0], 'te', 'the wait comes first');
  t.equal(wire.filter((c) => c === 'te').length, 1, 'one wait for the whole frame (not one refresh period per window)');
  t.equal(wire.filter((c) => Array.isArray(c) && c[0] === RAMWR).length, 3, 'three memory writes');
  await panel.writeFrame(windows.slice(0, 1), new Uint8Array(2 * 2));
  t.equal(te.waits, 2, 'the next frame waits again');
});

t.test('the contract: overlapping calls and calls after close reject with EBUS', async (t) => {
  const events: WireEvent[] = [];
  const b = bus(events);
  const first = b.run({ segments: [{ op: 'data', bytes: new Uint8Array(100), clock: 'pixels' }] });
  await t.rejects(b.run({ segments: command(0x00) }), { code: 'EBUS', message: /overlapping/ }); // NOP, ILI9341 §8.2.1
  await first;
  await b.close();
  await t.rejects(b.run({ segments: [{ op: 'data', bytes: new Uint8Array(1), clock: 'pixels' }] }), { code: 'EBUS', message: /closed/ });
  await t.rejects(b.reset(), { code: 'EBUS', message: /closed/ });
});
