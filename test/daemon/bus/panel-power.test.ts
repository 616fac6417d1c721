import t from 'tap';
import { pino } from 'pino';
import { PanelPower, type PanelPowerOptions } from '../../../daemon/bus/panel-power.js';
import { RecordingBus, type BusCall } from '../../helpers/recording-bus.js';

const logger = pino({ level: 'silent' });

/** A recording bus whose pixels take a while, so other work can try to cut in. */
class SlowBus extends RecordingBus {
  override async pixels(bytes: Uint8Array): Promise<void> {
    await new Promise((r) => setTimeout(r, 10));
    await super.pixels(bytes);
  }
}

function power(inner: RecordingBus, o: Partial<PanelPowerOptions> = {}): PanelPower {
  return new PanelPower(inner, { level: 80, idleMs: 0, idleLevel: 10, logger, sleep: async () => {}, ...o });
}

const names = (calls: BusCall[]): string[] => calls.map((c) =>
  c.kind === 'command' ? `cmd ${c.cmd.toString(16)}` : c.kind === 'backlight' ? `bl ${c.level}` : c.kind);

t.test('the backlight comes on after the first DISPON, at the configured level', async (t) => {
  const inner = new RecordingBus();
  const p = power(inner);
  await p.command(0x11);
  t.same(names(inner.calls), ['cmd 11'], 'dark during init');
  await p.command(0x29);
  t.same(names(inner.calls), ['cmd 11', 'cmd 29', 'bl 80']);
});

t.test('blank never lands between RAMWR and its pixels', async (t) => {
  const inner = new SlowBus();
  const p = power(inner);
  await p.command(0x29);
  inner.calls.length = 0;
  await p.command(0x2c);
  const pix = p.pixels(Uint8Array.of(1, 2));
  const { state, applied } = p.blank(true);
  t.same(state, { level: 80, blanked: true });
  await pix;
  await applied;
  t.same(names(inner.calls), ['cmd 2c', 'pixels', 'bl 0', 'cmd 28', 'cmd 10']);
  inner.calls.length = 0;
  // More pixels after the blank commands continue the write with RAMWRC.
  await p.pixels(Uint8Array.of(3, 4));
  t.same(names(inner.calls), ['cmd 3c', 'pixels']);
});

t.test('a blank requested before RAMWR waits for the next pixels to finish', async (t) => {
  const inner = new SlowBus();
  const p = power(inner);
  await p.command(0x29);
  await p.command(0x2c);
  inner.calls.length = 0;
  const { applied } = p.blank(true);
  await new Promise((r) => setTimeout(r, 5));
  t.same(names(inner.calls), [], 'held while the memory write is open');
  await p.pixels(Uint8Array.of(1, 2));
  await applied;
  t.same(names(inner.calls), ['pixels', 'bl 0', 'cmd 28', 'cmd 10']);
});

t.test('unblank: sleep out, display on, then the remembered level', async (t) => {
  const inner = new RecordingBus();
  const p = power(inner);
  await p.command(0x29);
  await p.blank(true).applied;
  await p.setBacklight(30).applied;
  inner.calls.length = 0;
  await p.blank(false).applied;
  t.same(names(inner.calls), ['cmd 11', 'cmd 29', 'bl 30']);
  t.same(p.power, { level: 30, blanked: false });
});

t.test('idle dimming after idleMs without pixels; pixels restore the level', async (t) => {
  const inner = new RecordingBus();
  const p = power(inner, { idleMs: 20, idleLevel: 5 });
  await p.command(0x29);
  await new Promise((r) => setTimeout(r, 60));
  t.same(names(inner.calls).slice(-1), ['bl 5'], 'dimmed');
  inner.calls.length = 0;
  await p.command(0x2c);
  await p.pixels(Uint8Array.of(1, 2));
  t.same(names(inner.calls), ['cmd 2c', 'bl 80', 'pixels'], 'restored before the frame');
  await p.close();
});
