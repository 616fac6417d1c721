import t from 'tap';
import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';
import type { Bus, FrameProgram } from '../../../daemon/bus/bus.js';
import { TraceBus } from '../../../daemon/bus/trace-bus.js';
import { DbiTraceWriter } from '../../../daemon/sim/dbi-trace.js';

function recordingBus(): Bus & { programs: number; closed: boolean } {
  return {
    kind: 'fake', hasTe: false, programs: 0, closed: false,
    async run() { this.programs++; },
    async reset() { return true; },
    async backlight() {},
    async close() { this.closed = true; },
  };
}

function capture(): { logger: Logger; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const sink = new Writable({ write(c, _e, done) { for (const l of String(c).split('\n')) if (l) lines.push(JSON.parse(l)); done(); } });
  return { logger: pino({ level: 'debug' }, sink), lines };
}

const frame: FrameProgram = { segments: [{ op: 'command', bytes: Uint8Array.of(0x2c) }, { op: 'data', bytes: new Uint8Array(4096), clock: 'pixels' }] };

t.test('a full disk under --trace stops tracing, logged once; programs keep going, close works', async (t) => {
  const inner = recordingBus();
  const { logger, lines } = capture();
  // /dev/full answers every write with ENOSPC.
  const bus = new TraceBus(inner, new DbiTraceWriter('/dev/full', { allowCharacterDevice: true, bufferSize: 1024 }), logger);
  await bus.reset();
  for (let i = 0; i < 20; i++) {
    await bus.run(frame);
    bus.flush();
  }
  await bus.close();
  t.equal(inner.programs, 20, 'every program reached the inner bus');
  t.ok(inner.closed, 'the inner bus was closed');
  const errors = lines.filter((l) => /DBI trace/.test(String(l.msg)));
  t.equal(errors.length, 1, 'one log line');
  t.match(errors[0], { level: 50, file: '/dev/full', err: { code: 'ENOSPC' } });
});
