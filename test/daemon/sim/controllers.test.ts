import t from 'tap';
import { SIM_MODULES } from '../../../daemon/sim/modules.js';
import { SimPanel, type GlassView } from '../../../daemon/sim/sim-panel.js';

// Byte fixtures written from the datasheets, not from spifb's encoder.
// A transaction is [command, ...parameters]: the first byte with DC low, the rest with DC high.
function send(panel: SimPanel, ...txns: number[][]): void {
  for (const [cmd, ...params] of txns) {
    panel.command(cmd);
    if (params.length) panel.data(Uint8Array.from(params));
  }
}
const pixel = (v: GlassView, x: number, y: number) => [...v.rgb.subarray((y * v.width + x) * 3, (y * v.width + x) * 3 + 3)];
const RED565 = [0xf8, 0x00];
const BLUE565 = [0x00, 0x1f];

t.test('SSD1351: 15h/75h window, 5Ch write, A0h re-map (SSD1351 datasheet §10)', async (t) => {
  const oled = new SimPanel(SIM_MODULES.ssd1351);
  t.equal(oled.madctl, 0x40, 'A0h reset value assumed 40h (65k colours)');
  t.ok(oled.glassView().rgb.every((b) => b === 0), 'dark until AFh');
  // FDh 12h unlock; A0h 74h = 65k, COM split, COM remap (A4), colour C-B-A (A2): Adafruit's upright.
  send(oled, [0xfd, 0x12], [0xa0, 0x74], [0xaf]);
  send(oled, [0x15, 0x00, 0x01], [0x75, 0x00, 0x00], [0x5c, ...RED565, ...BLUE565]); // columns 0..1, row 0
  let v = oled.glassView();
  t.same([pixel(v, 0, 0), pixel(v, 1, 0)], [[255, 0, 0], [0, 0, 255]], 'upright: top-left red, then blue');
  t.same(oled.readGram(0, 0), [63, 0, 0], 'RAM row 0; the COM remap acts at scan-out');
  send(oled, [0xa0, 0x64]); // A4 off: the scan runs the other way — at once, RAM unchanged
  v = oled.glassView();
  t.same(pixel(v, 0, 127), [255, 0, 0], 'COM remap off: row 0 shows at the bottom');
  send(oled, [0xa0, 0x70]); // A2 off: colour order A-B-C
  t.same(pixel(oled.glassView(), 0, 0), [0, 0, 255], 'colour remap off: red sent, blue shown');
  send(oled, [0xa7]);
  t.same(pixel(oled.glassView(), 0, 0), [255, 255, 0], 'A7h inverse display');
  send(oled, [0xae]);
  t.ok(oled.glassView().rgb.every((b) => b === 0), 'AEh sleep on: dark');
});

t.test('SSD1351: vertical increment (A[0]) walks the column range down the rows', async (t) => {
  const oled = new SimPanel(SIM_MODULES.ssd1351);
  // A0h 75h: vertical increment. Column 5..6, rows 10..11: pixels fill (5,10) (5,11) (6,10) (6,11).
  send(oled, [0xa0, 0x75], [0xaf], [0x15, 5, 6], [0x75, 10, 11], [0x5c, ...RED565, ...BLUE565, ...BLUE565, ...RED565]);
  t.same([oled.readGram(5, 10), oled.readGram(5, 11), oled.readGram(6, 10), oled.readGram(6, 11)],
    [[63, 0, 0], [0, 0, 63], [0, 0, 63], [63, 0, 0]]);
  t.equal(oled.pixelsWritten, 4);
});

t.test('ILI9486 behind a 16-bit shift register: every command and parameter is a word', async (t) => {
  const lcd = new SimPanel(SIM_MODULES['ili9486-waveshare']);
  // ILI9486 §7.2 (16-bit parallel): the command in D[7:0] of a word, D[15:8] ignored; 8-bit bytes go out high byte first.
  const word = (...bytes: number[]) => bytes.flatMap((b) => [0x00, b]);
  const cmd16 = (c: number, ...params: number[]) => {
    lcd.command(0x00); lcd.command(c);
    if (params.length) lcd.data(Uint8Array.from(word(...params)));
  };
  cmd16(0x11); cmd16(0x29); cmd16(0x3a, 0x55); cmd16(0x36, 0x00);
  cmd16(0x2a, 0x00, 0x03, 0x00, 0x04); cmd16(0x2b, 0x00, 0x02, 0x00, 0x02);
  t.same([lcd.colmod, lcd.columnWindow, lcd.pageWindow], [0x55, [3, 4], [2, 2]]);
  cmd16(0x2c);
  lcd.data(Uint8Array.from([...RED565, ...BLUE565])); // one RGB565 word per pixel
  t.same([lcd.readGram(3, 2), lcd.readGram(4, 2)], [[63, 0, 0], [0, 0, 63]]);
  // An 8-bit driver on this board: the lone command byte never completes a word.
  const wrong = new SimPanel(SIM_MODULES['ili9486-waveshare']);
  wrong.command(0x11); wrong.command(0x29); // one word 0x1129: command 29h only
  wrong.command(0x3a); wrong.data(Uint8Array.of(0x55)); // half a word, then data
  t.same([wrong.sleeping, wrong.displayOn, wrong.colmod], [true, true, 0x66], 'SLPOUT lost, COLMOD never applied');
  t.equal(wrong.truncatedCommands, 1);
});

t.test('ST7789 powers on in 18-bit: RGB565 pixels without COLMOD decode as garbage', async (t) => {
  const lcd = new SimPanel(SIM_MODULES.st7789);
  t.equal(lcd.colmod, 0x66, 'ST7789V §9.1.32: COLMOD default 66h');
  send(lcd, [0x11], [0x29], [0x21], [0x2c, ...RED565, ...RED565, ...RED565]); // 6 bytes = two 18-bit pixels
  const v = lcd.glassView();
  // 18 bit: F8 00 F8 is one pixel, each channel D7..D2: R = 62, G = 0, B = 62 → (251, 0, 251), magenta.
  t.same(pixel(v, 0, 0), [251, 0, 251], 'red sent as RGB565 shows magenta');
  t.equal(lcd.pixelsWritten, 2);
});

t.test('ST7735R 0.96" 160x80: no offset leaves noise; (1, 26) at MV|MY fills the glass', async (t) => {
  const nonBlack = (v: GlassView) => { let n = 0; for (let i = 0; i < v.rgb.length; i += 3) if (v.rgb[i] | v.rgb[i + 1] | v.rgb[i + 2]) n++; return n; };
  // INVON (IPS), COLMOD 16, MADCTL A8h = MY|MV|BGR (Adafruit rotation 1), then a 160x80 black window;
  // whatever is not black on the glass is power-on noise the window missed.
  const black = new Array(160 * 80 * 2).fill(0);
  for (const [name, c0, p0, expectNoise] of [['no offset', 0, 0, true], ['(1, 26)', 1, 26, false]] as const) {
    const lcd = new SimPanel(SIM_MODULES['st7735r-160x80']);
    send(lcd, [0x11], [0x29], [0x21], [0x3a, 0x55], [0x36, 0xa8],
      [0x2a, 0, c0, 0, c0 + 159], [0x2b, 0, p0, 0, p0 + 79], [0x2c, ...black]);
    const n = nonBlack(lcd.glassView());
    if (expectNoise) t.ok(n > 160 * 26 * 0.9, `${name}: a band of noise (${n} pixels)`);
    else t.equal(n, 0, `${name}: all black`);
  }
});
