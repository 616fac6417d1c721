import t from 'tap';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect } from '../../../client/connect.js';
import { parseDbiTrace, replayDbiTrace } from '../../../daemon/sim/dbi-trace.js';
import { ili9341Module } from '../../../daemon/sim/module-model.js';
import { SimPanel } from '../../../daemon/sim/sim-panel.js';
import { startDaemon, tempDir } from '../../helpers/daemon-process.js';

t.test('backlight and blank ops over the wire reach the panel in order', async (t) => {
  const dir = tempDir(t);
  const trace = join(dir, 'wire.dbi');
  const daemon = await startDaemon(dir, ['--trace', trace]);
  t.teardown(() => daemon.stop());
  const display = await connect({ socket: daemon.socket });
  t.teardown(() => display.close());

  t.same(await display.backlight(40), { level: 40, blanked: false });
  t.same(await display.blank(true), { level: 40, blanked: true });
  await t.rejects(display.backlight(101), { code: 'EBAD_REQUEST', message: /level/ });
  // A frame while blanked still reaches the panel's memory.
  await display.fill(0x00ff00);
  await display.waitFrame(await display.present());
  display.close();
  t.equal(await daemon.stop(), 0);

  const records = parseDbiTrace(readFileSync(trace));
  const commands = records.filter((r) => r.kind === 'command').map((r) => r.bytes[0]);
  const lastOn = commands.lastIndexOf(0x29);
  const off = commands.lastIndexOf(0x28);
  t.ok(off > lastOn && commands.indexOf(0x10, off) > off, 'DISPOFF then SLPIN after the last DISPON');
  const panel = new SimPanel(ili9341Module);
  replayDbiTrace(records, panel);
  t.ok(panel.sleeping && !panel.displayOn, 'the panel ends blanked');
  t.same(panel.readGram(0, 0), [0, 63, 0], 'the frame sent while blanked is in GRAM');
});

t.test('blank requests are checked', async (t) => {
  const dir = tempDir(t);
  const daemon = await startDaemon(dir);
  t.teardown(() => daemon.stop());
  const display = await connect({ socket: daemon.socket });
  t.teardown(() => display.close());
  await t.rejects((display as unknown as { conn: { request(op: string, p: object): Promise<unknown> } }).conn.request('blank', { on: 1 }),
    { code: 'EBAD_REQUEST', message: /on must be/ });
  t.same(await display.blank(false), { level: 100, blanked: false }, 'unblanking an unblanked panel is a no-op');
});
