import t from 'tap';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { commandBytesIn } from './command-bytes.js';

/**
 * Issue 13: the bus only moves bytes. What a command byte means — when to
 * send TEON or SWRESET, where a memory write starts, which window to replay
 * — is the panel's (daemon/panel/); a bus that knows a command byte is wrong
 * for the controllers whose numbers differ (SSD1351) or whose framing
 * differs (the 16-bit Waveshare boards).
 */
const ROOT = resolve(fileURLToPath(import.meta.url), '../../../..');
const BUS = join(ROOT, 'daemon/bus');

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? tsFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []);
}

t.test('no .ts file under daemon/bus/ uses a controller command byte or command name', async (t) => {
  const files = tsFiles(BUS);
  t.ok(files.length >= 10, `${files.length} files scanned`);
  const offending = files.flatMap((f) => {
    const name = relative(ROOT, f).split('\\').join('/');
    return commandBytesIn(readFileSync(f, 'utf8'), name).map((x) => `${name}:${x.line}: ${x.what}`);
  });
  // Each entry is file:line: what — move that knowledge to daemon/panel/.
  t.same(offending, [], 'no command bytes in daemon/bus/');
});

t.test('the check catches what bus/ did before issue 13', async (t) => {
  // Excerpts of daemon/bus/spidev-bus.ts before issue 13: it sent TEON and SWRESET itself.
  const oldSpidevBus = [
    'const SWRESET = 0x01; // §8.2.2',
    'const TEON = 0x35; // §8.2.28; parameter 0x00 = TELOM 0: V-blanking only',
    'if (cmd === RAMWR && this.o.pins.te && !this.teOn) {}',
    'await this.send(0, Uint8Array.of(0x2c), this.o.commandHz);',
  ].join('\n');
  t.same(commandBytesIn(oldSpidevBus), [
    { line: 1, what: 'identifier SWRESET' },
    { line: 1, what: '0x01 (SWRESET) used as a value' },
    { line: 2, what: 'identifier TEON' },
    { line: 2, what: '0x35 (TEON) used as a value' },
    { line: 3, what: 'identifier RAMWR' },
    { line: 4, what: '0x2c (RAMWR) used as a value' },
  ]);
  // daemon/bus/panel-power.ts: sniffed RAMWR and sent DISPOFF/SLPIN as raw DCS bytes.
  const oldPanelPower = 'this.writeOpen = cmd === 0x2c || cmd === 0x3c;\nawait this.inner.command(0x28);';
  t.same(commandBytesIn(oldPanelPower).map((x) => x.line), [1, 1, 2]);
  // daemon/service/resilient-bus.ts: replayed windows by matching the panel's DCS table.
  const oldRetry = "import { DCS } from '../panel/dcs.js';\nif (cmd === DCS.SET_COLUMN) {}";
  t.same(commandBytesIn(oldRetry).map((x) => x.what), [
    "import of the panel's command table ../panel/dcs.js", 'identifier DCS', 'identifier DCS', 'identifier SET_COLUMN',
  ]);
  t.same(commandBytesIn('switch (b) { case 0x29: break; }'), [{ line: 1, what: '0x29 (DISPON) used as a value' }], 'a case label');
});

t.test('the check leaves alone numbers that are not command bytes, and comments', async (t) => {
  const fine = [
    '/** NOP (MIPI DCS 0x00), RAMWR 0x2c and CASET are documented here. */',
    '// the last CASET, RASET and RAMWR',
    'for (const b of bytes) words.push(0x100 | b); // nine-bit.ts: D/C in bit 8',
    'out[o++] = (acc >> bits) & 0xff;',
    'const odd = flags & 0x01;',
    'mask |= 0x10;',
    "logger.warn('no TE edge; sending frames without waiting');",
    'const RESET_SETTLE_MS = 120;',
    'const granule = 6; const bufsiz = 4096; const one = 1; const sixteen = 16;',
  ].join('\n');
  t.same(commandBytesIn(fine), []);
});
