import t from 'tap';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect } from '../../client/connect.js';
import { parseDbiTrace, replayDbiTrace } from '../../daemon/sim/dbi-trace.js';
import { SIM_MODULES } from '../../daemon/sim/modules.js';
import { SimPanel } from '../../daemon/sim/sim-panel.js';
import { tempDir } from '../helpers/daemon-process.js';
import { firstDifference } from '../helpers/test-image.js';
import { buildShim, fakeSysfs, startWithEnv } from './emulated-device.js';
import { pushFrames } from './frames.js';

// Issue 13: the Waveshare 3.5" (A) board latches 16 bits per transfer in its
// shift registers, so every command must be one 2-byte transfer (00h, the
// command) with DC low and every parameter a 16-bit word — as the kernel's
// drivers/gpu/drm/tiny/ili9486.c waveshare_command() sends them — blank,
// unblank and reset included. Seen from the emulated kernel's side: each
// SPI_IOC_MESSAGE is one chip-select assertion (the shim logs `msg` per
// message and `xfer` per transfer with the DC line's level).

const dir = tempDir(t);
const shim = buildShim(dir);
const SPIDEV = '/dev/spidev0.0';

t.test('ili9486-waveshare through the emulated spidev: 2-byte commands, 16-bit parameters, the same glass', { skip: 'skip' in shim ? shim.skip : false }, async (t) => {
  const trace = join(dir, 'ws.dbi');
  const log = join(dir, 'ws.log');
  const env: NodeJS.ProcessEnv = {
    LD_PRELOAD: (shim as { so: string }).so,
    SPIFB_SHIM_SPIDEV: SPIDEV, SPIFB_SHIM_TRACE: trace, SPIFB_SHIM_LOG: log,
    SPIFB_SHIM_BUFSIZ: '4096', SPIFB_SYSFS_ROOT: fakeSysfs(dir, 4096),
  };
  // No reset pin: the panel sends SWRESET in the board's framing too.
  const flags = ['--panel', 'ili9486-waveshare', '--bus', 'spidev', '--spi', SPIDEV, '--dc', 'gpiochip0:24', '--backlight', 'gpiochip0:18'];
  const d = await startWithEnv(dir, 'ws', flags, env);
  await pushFrames(d.socket);
  const display = await connect({ socket: d.socket });
  await display.blank(true);
  await display.blank(false);
  await display.waitFrame(await display.present()); // a frame after: the power changes are on the wire
  display.close();
  t.equal(await d.stop(), 0, 'clean exit');

  const lines = readFileSync(log, 'utf8').split('\n');
  const xfers = lines.filter((l) => l.startsWith('xfer ')).map((l) => {
    const m = /msg_n=(\d+) len=(\d+) speed=\d+ bpw=\d+ dc=(-?\d)/.exec(l)!;
    return { inMessage: Number(m[1]), len: Number(m[2]), dc: Number(m[3]) };
  });
  const commands = xfers.filter((x) => x.dc === 0);
  t.ok(commands.length > 20, `${commands.length} command transfers`);
  t.ok(commands.every((x) => x.len === 2), 'every command is one 2-byte transfer');
  // One SPI_IOC_MESSAGE is one chip-select assertion: the board's shift registers latch on its release.
  t.ok(commands.every((x) => x.inMessage === 1), 'each command word alone in its chip-select assertion');
  t.ok(xfers.filter((x) => x.dc === 1).every((x) => x.len % 2 === 0), 'data transfers end on whole 16-bit words');

  const records = parseDbiTrace(readFileSync(trace));
  const cmdRecords = records.filter((r) => r.kind === 'command');
  t.ok(cmdRecords.every((r) => r.bytes.length === 2 && r.bytes[0] === 0x00), 'each command word is 00h, command');
  const sent = cmdRecords.map((r) => r.bytes[1]);
  t.equal(sent[0], 0x01, 'SWRESET first (no reset pin), framed like the rest');
  // DCS 28h/10h blank, 11h/29h unblank (ILI9486 §8.2: display off, sleep in, sleep out, display on).
  const blankAt = sent.lastIndexOf(0x28);
  t.same(sent.slice(blankAt, blankAt + 4), [0x28, 0x10, 0x11, 0x29], 'blank and unblank in the board framing');
  // Parameters at the command clock are 16-bit words: high byte 00h (the MADCTL parameter, after 36h).
  const madctl = records.findIndex((r) => r.kind === 'command' && r.bytes[1] === 0x36);
  const param = records[madctl + 1];
  t.equal(param.kind, 'data');
  t.equal(param.bytes.length, 2, 'one parameter, one 16-bit word');
  t.equal(param.bytes[0], 0x00, 'its high byte is 00h');

  const glass = new SimPanel(SIM_MODULES['ili9486-waveshare']);
  replayDbiTrace(records, glass);
  t.ok(glass.displayOn && !glass.sleeping, 'the replayed controller ends on and awake');
  const view = glass.glassView();
  t.ok(view.rgb.some((b) => b !== 0), 'and shows the frames');
  t.equal(firstDifference(view.rgb, view.rgb, view.width), null);
});
