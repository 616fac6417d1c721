import t from 'tap';
import { SimPanel, type GlassView } from '../../../daemon/sim/sim-panel.js';
import { ili9341Module, type SimModuleModel } from '../../../daemon/sim/module-model.js';

// Byte fixtures are written from the ILI9341 datasheet V1.11 §8.2, not from any
// encoder in this repo. A transaction is [command, ...parameters]: the first
// byte goes with DC low, the rest (parameters or pixels) with DC high.
const SWRESET = [0x01]; // §8.2.2
const SLPOUT = [0x11]; // §8.2.12
const DISPON = [0x29]; // §8.2.19
const INVON = [0x21]; // §8.2.16
const RAMWR = [0x2c]; // §8.2.22
const RAMWRC = [0x3c]; // §8.2.34 Write Memory Continue
const COLMOD_16 = [0x3a, 0x55]; // §8.2.33: DPI = DBI = 101b, 16 bits/pixel
const COLMOD_18 = [0x3a, 0x66]; // §8.2.33: 110b, 18 bits/pixel
const CASET_0_239 = [0x2a, 0x00, 0x00, 0x00, 0xef]; // §8.2.20: SC = 0, EC = 239
const CASET_0_319 = [0x2a, 0x00, 0x00, 0x01, 0x3f]; // EC = 0x013F = 319
const RASET_0_319 = [0x2b, 0x00, 0x00, 0x01, 0x3f]; // §8.2.21: SP = 0, EP = 319
const RASET_0_239 = [0x2b, 0x00, 0x00, 0x00, 0xef];
const madctl = (v: number) => [0x36, v]; // §8.2.29: MY 0x80, MX 0x40, MV 0x20, BGR 0x08

function send(panel: SimPanel, ...txns: number[][]): void {
  for (const [cmd, ...params] of txns) {
    panel.command(cmd);
    if (params.length) panel.data(Uint8Array.from(params));
  }
}

function pixel(v: GlassView, x: number, y: number): number[] {
  const o = (y * v.width + x) * 3;
  return [v.rgb[o], v.rgb[o + 1], v.rgb[o + 2]];
}

/** A module with nothing surprising: 8x6 GRAM, glass = GRAM, RGB, no mirror, TN. */
const plain: SimModuleModel = {
  controller: 'plain',
  gramWidth: 8,
  gramHeight: 6,
  glass: { width: 8, height: 6, xOffset: 0, yOffset: 0, mirrorX: false, mirrorY: false, bgr: false, needsInversion: false },
  resetColmod: 0x66,
};

function awake(model: SimModuleModel = plain): SimPanel {
  const panel = new SimPanel(model);
  send(panel, SLPOUT, DISPON);
  return panel;
}

// 18-bit pixels: each channel in D7..D2 (§8.2.33), so 6-bit value v is sent as v << 2.
const px18 = (r: number, g: number, b: number) => [r << 2, g << 2, b << 2];
// 6-bit → 8-bit on the glass is bit replication: (v << 2) | (v >> 4).
const RED18 = px18(63, 0, 0); // glass: 255, 0, 0
const GREEN18 = px18(0, 63, 0);
const BLUE18 = px18(0, 0, 63);
const GREY18 = px18(32, 32, 32); // glass: 128 | 2 = 130 each

t.test('power-on defaults; black while sleeping or with the display off', async (t) => {
  const panel = new SimPanel(ili9341Module);
  t.equal(panel.madctl, 0);
  t.equal(panel.colmod, 0x66);
  t.equal(panel.sleeping, true);
  t.equal(panel.displayOn, false);
  t.equal(panel.inverted, false);
  t.same(panel.columnWindow, [0, 239]);
  t.same(panel.pageWindow, [0, 319]);
  const dark = panel.glassView();
  t.same([dark.width, dark.height, dark.rgb.length], [240, 320, 240 * 320 * 3]);
  t.ok(dark.rgb.every((b) => b === 0), 'black after power-on');
  send(panel, SLPOUT);
  t.ok(panel.glassView().rgb.every((b) => b === 0), 'still black: display off');
  send(panel, DISPON);
  t.ok(panel.glassView().rgb.some((b) => b !== 0), 'power-on GRAM noise shows once on');
  send(panel, [0x10]); // SLPIN §8.2.11
  t.ok(panel.glassView().rgb.every((b) => b === 0), 'black again when sleeping');
});

t.test('the memory view shows GRAM whatever the power state; the glass is black in sleep', async (t) => {
  const panel = awake();
  send(panel, [0x2a, 0x00, 0x02, 0x00, 0x02], [0x2b, 0x00, 0x01, 0x00, 0x01], [...RAMWR, ...RED18]);
  const lit = panel.glassView();
  t.same(panel.memoryView(), lit, 'lit: the memory view is the glass');
  send(panel, [0x28], [0x10]); // DISPOFF §8.2.18, SLPIN §8.2.11: how the daemon blanks
  t.ok(panel.glassView().rgb.every((b) => b === 0), 'the glass is black');
  send(panel, [0x2a, 0x00, 0x03, 0x00, 0x03], [...RAMWR, ...GREEN18]); // memory keeps working in sleep
  const memory = panel.memoryView();
  t.same(pixel(memory, 2, 1), [255, 0, 0], 'the frame sent before the blank');
  t.same(pixel(memory, 3, 1), [0, 255, 0], 'and a write made while asleep');
  send(panel, SLPOUT, DISPON);
  t.same(panel.glassView(), memory, 'unblanking shows exactly the memory view');
});

t.test('CASET/RASET window with a small write', async (t) => {
  const panel = awake();
  // CASET SC = 2, EC = 3; RASET SP = 1, EP = 2: a 2x2 window.
  send(panel, [0x2a, 0x00, 0x02, 0x00, 0x03], [0x2b, 0x00, 0x01, 0x00, 0x02]);
  t.same(panel.columnWindow, [2, 3]);
  t.same(panel.pageWindow, [1, 2]);
  send(panel, [...RAMWR, ...RED18, ...GREEN18, ...BLUE18, ...GREY18]);
  const v = panel.glassView();
  t.same(pixel(v, 2, 1), [255, 0, 0]);
  t.same(pixel(v, 3, 1), [0, 255, 0]);
  t.same(pixel(v, 2, 2), [0, 0, 255]);
  t.same(pixel(v, 3, 2), [130, 130, 130]);
  t.equal(panel.pixelsWritten, 4);
});

t.test('RAMWR restarts at the window start, RAMWRC continues; the window wraps', async (t) => {
  const panel = awake();
  send(panel, [0x2a, 0x00, 0x02, 0x00, 0x03], [0x2b, 0x00, 0x01, 0x00, 0x02]);
  send(panel, [...RAMWR, ...RED18, ...RED18]); // (2,1) (3,1)
  send(panel, [...RAMWRC, ...GREEN18]); // continues at (2,2)
  let v = panel.glassView();
  t.same([pixel(v, 2, 1), pixel(v, 3, 1), pixel(v, 2, 2)], [[255, 0, 0], [255, 0, 0], [0, 255, 0]]);
  send(panel, [...RAMWR, ...BLUE18]); // back to (2,1)
  v = panel.glassView();
  t.same(pixel(v, 2, 1), [0, 0, 255]);
  t.same(pixel(v, 3, 1), [255, 0, 0]);
  // Wrap: 4 pixels fill the window, the 5th lands on (SC, SP) again.
  send(panel, [...RAMWR, ...GREY18, ...GREY18, ...GREY18, ...GREY18, ...GREEN18]);
  v = panel.glassView();
  t.same(pixel(v, 2, 1), [0, 255, 0]);
  t.same(pixel(v, 3, 2), [130, 130, 130]);
});

t.test('16-bit pixels: RGB565 widened to 18 bits, shown as 8 bits', async (t) => {
  const panel = awake();
  send(panel, COLMOD_16, [0x2a, 0x00, 0x00, 0x00, 0x02], [0x2b, 0x00, 0x00, 0x00, 0x00]);
  t.equal(panel.colmod, 0x55);
  // 0xF800: R5 = 31 → R6 = 63 → 255.
  // 0x8410: R5 = 10000b → R6 = 100001b = 33 → (33 << 2) | (33 >> 4) = 134;
  //         G6 = 100000b = 32 → 130; B5 = 16 → 33 → 134. MSB copied into the LSB.
  // 0x0821: R5 = 1 → R6 = 000010b = 2 → 8; G6 = 1 → 4; B5 = 1 → 2 → 8.
  send(panel, [...RAMWR, 0xf8, 0x00, 0x84, 0x10, 0x08, 0x21]);
  const v = panel.glassView();
  t.same(pixel(v, 0, 0), [255, 0, 0]);
  t.same(pixel(v, 1, 0), [134, 130, 134]);
  t.same(pixel(v, 2, 0), [8, 4, 8]);
  t.same(panel.readGram(1, 0), [33, 32, 33], 'GRAM holds the 6-bit values');
});

t.test('18-bit pixels use D7..D2 and ignore D1..D0', async (t) => {
  const panel = awake();
  send(panel, COLMOD_18, [0x2a, 0x00, 0x00, 0x00, 0x01], [0x2b, 0x00, 0x00, 0x00, 0x00]);
  // 0xFC → 63 → 255; 0x80 → 32 → 130; 0x04 → 1 → 4. 0xFF 0x83 0x07 differ only in D1..D0.
  send(panel, [...RAMWR, 0xfc, 0x80, 0x04, 0xff, 0x83, 0x07]);
  const v = panel.glassView();
  t.same(pixel(v, 0, 0), [255, 130, 4]);
  t.same(pixel(v, 1, 0), [255, 130, 4]);
});

t.test('a pixel split across data() calls', async (t) => {
  const panel = awake();
  send(panel, COLMOD_16, RAMWR);
  panel.data(Uint8Array.of(0xf8)); // first half of 0xF800
  panel.data(Uint8Array.of(0x00, 0x00)); // second half, then half of the next pixel
  panel.data(Uint8Array.of(0x1f)); // 0x001F, blue
  let v = panel.glassView();
  t.same([pixel(v, 0, 0), pixel(v, 1, 0)], [[255, 0, 0], [0, 0, 255]]);
  send(panel, COLMOD_18, RAMWR);
  panel.data(Uint8Array.of(0x00));
  panel.data(Uint8Array.of(0xfc));
  panel.data(Uint8Array.of(0x00, 0xfc, 0x00));
  panel.data(Uint8Array.of(0x00));
  v = panel.glassView();
  t.same([pixel(v, 0, 0), pixel(v, 1, 0)], [[0, 255, 0], [255, 0, 0]]);
  t.equal(panel.pixelsWritten, 4);
});

t.test('MADCTL MX, MY and MV each move the write to the right native address', async (t) => {
  // Write logical (0,0) red and (1,0) green over the whole GRAM window.
  const cases: Array<[string, number, number, number, number, number]> = [
    // name, MADCTL, native x/y of logical (0,0), native x/y of logical (1,0)
    ['none', 0x00, 0, 0, 1, 0],
    ['MX', 0x40, 7, 0, 6, 0],
    ['MY', 0x80, 0, 5, 1, 5],
    ['MV', 0x20, 0, 0, 0, 1],
  ];
  for (const [name, m, x0, y0, x1, y1] of cases) {
    const panel = awake();
    send(panel, madctl(m), [...RAMWR, ...RED18, ...GREEN18]);
    t.same([panel.readGram(x0, y0), panel.readGram(x1, y1)], [[63, 0, 0], [0, 63, 0]], name);
  }
});

/** Write a logical w x h RGB565 frame where pixel (c,p) has value colour(c,p), in 4096-byte chunks. */
function writeFrame565(panel: SimPanel, w: number, h: number, colour: (c: number, p: number) => number): void {
  const frame = new Uint8Array(w * h * 2);
  for (let p = 0; p < h; p++) for (let c = 0; c < w; c++) {
    const v = colour(c, p);
    frame[(p * w + c) * 2] = v >> 8;
    frame[(p * w + c) * 2 + 1] = v & 0xff;
  }
  send(panel, RAMWR);
  for (let o = 0; o < frame.length; o += 4096) panel.data(frame.subarray(o, o + 4096));
}

// The glass value of an RGB565 word: 5 → 6 bits by copying the MSB into the LSB,
// then 6 → 8 bits by bit replication (see daemon/sim/colour-depth.ts for the sources).
const e6 = (v: number) => (v << 2) | (v >> 4);
const glass565 = (v: number) => [e6(((v >> 11) << 1) | (v >> 15)), e6((v >> 5) & 63), e6(((v & 31) << 1) | ((v >> 4) & 1))];

t.test('ILI9341 module: the four rotations the Linux driver uses', async (t) => {
  const colour = (c: number, p: number) => (p * 331 + c * 17 + 0x1234) & 0xffff;
  const cases: Array<[string, number, number[][], (c: number, p: number) => [number, number]]> = [
    ['0° MX|BGR', 0x48, [CASET_0_239, RASET_0_319], (c, p) => [c, p]],
    ['90° MV|BGR', 0x28, [CASET_0_319, RASET_0_239], (c, p) => [239 - p, c]],
    ['180° MY|BGR', 0x88, [CASET_0_239, RASET_0_319], (c, p) => [239 - c, 319 - p]],
    ['270° MV|MY|MX|BGR', 0xe8, [CASET_0_319, RASET_0_239], (c, p) => [p, 319 - c]],
  ];
  for (const [name, m, windows, toGlass] of cases) {
    const panel = awake(ili9341Module);
    send(panel, COLMOD_16, madctl(m), ...windows);
    const [w, h] = m & 0x20 ? [320, 240] : [240, 320];
    writeFrame565(panel, w, h, colour);
    const v = panel.glassView();
    let bad = 0;
    for (let p = 0; p < h; p++) for (let c = 0; c < w; c++) {
      const [gx, gy] = toGlass(c, p);
      if (pixel(v, gx, gy).join() !== glass565(colour(c, p)).join()) bad++;
    }
    t.equal(bad, 0, `${name}: every logical pixel where expected`);
    t.equal(panel.pixelsDropped, 0);
  }
});

t.test('ILI9341 module: 18-bit frame, every pixel a distinct colour, 4096-byte chunks split pixels', async (t) => {
  const panel = awake(ili9341Module);
  send(panel, madctl(0x48), CASET_0_239, RASET_0_319);
  // 17 bits of (c, p) spread over the three 6-bit channels.
  const ch = (c: number, p: number) => [c & 63, (c >> 6) | ((p & 7) << 3), p >> 3];
  const frame = new Uint8Array(240 * 320 * 3);
  for (let p = 0, o = 0; p < 320; p++) for (let c = 0; c < 240; c++) for (const v of ch(c, p)) frame[o++] = v << 2;
  send(panel, RAMWR);
  for (let o = 0; o < frame.length; o += 4096) panel.data(frame.subarray(o, o + 4096));
  const v = panel.glassView();
  let bad = 0;
  for (let p = 0; p < 320; p++) for (let c = 0; c < 240; c++) {
    if (pixel(v, c, p).join() !== ch(c, p).map(e6).join()) bad++;
  }
  t.equal(bad, 0);
});

t.test('BGR bit that disagrees with the glass swaps red and blue', async (t) => {
  const panel = awake(ili9341Module); // glass is BGR
  send(panel, COLMOD_16, madctl(0x40), CASET_0_239, RASET_0_319, [...RAMWR, 0xf8, 0x00]); // MX only: BGR = 0
  t.same(pixel(panel.glassView(), 0, 0), [0, 0, 255], 'red sent, blue shown');
  send(panel, madctl(0x48));
  t.same(pixel(panel.glassView(), 0, 0), [255, 0, 0], 'BGR set: red');
});

t.test('INVON inverts on TN glass; IPS glass needs it', async (t) => {
  const panel = awake();
  send(panel, [...RAMWR, ...RED18, ...GREY18]);
  send(panel, INVON);
  t.equal(panel.inverted, true);
  let v = panel.glassView();
  // 63 - 63 = 0; 63 - 0 = 63 → 255; grey 63 - 32 = 31 → (31 << 2) | 1 = 125.
  t.same([pixel(v, 0, 0), pixel(v, 1, 0)], [[0, 255, 255], [125, 125, 125]]);
  t.same(panel.readGram(0, 0), [63, 0, 0], 'GRAM untouched');
  const ips = awake({ ...plain, glass: { ...plain.glass, needsInversion: true } });
  send(ips, [...RAMWR, ...RED18]);
  t.same(pixel(ips.glassView(), 0, 0), [0, 255, 255], 'IPS without INVON: inverted');
  send(ips, INVON);
  t.same(pixel(ips.glassView(), 0, 0), [255, 0, 0], 'IPS with INVON: true colour');
});

t.test('SWRESET and RESX restore register defaults and keep GRAM', async (t) => {
  for (const how of ['SWRESET', 'RESX']) {
    const panel = awake(ili9341Module);
    send(panel, COLMOD_16, madctl(0x48), INVON, [0x2a, 0x00, 0x05, 0x00, 0x05], [0x2b, 0x00, 0x07, 0x00, 0x07]);
    send(panel, [...RAMWR, 0xf8, 0x00]);
    if (how === 'SWRESET') send(panel, SWRESET);
    else panel.hardwareReset();
    t.same([panel.madctl, panel.colmod, panel.sleeping, panel.displayOn, panel.inverted], [0, 0x66, true, false, false], how);
    t.same([panel.columnWindow, panel.pageWindow], [[0, 239], [0, 319]]);
    t.ok(panel.glassView().rgb.every((b) => b === 0), 'black after reset');
    send(panel, SLPOUT, DISPON);
    // MX acted when the pixel was written, so it stays at glass (5, 7); BGR is 0 now,
    // so the BGR glass shows that red as blue.
    t.same(pixel(panel.glassView(), 5, 7), [0, 0, 255], 'GRAM kept');
  }
});

t.test('vendor commands are swallowed with their parameters', async (t) => {
  const panel = new SimPanel(ili9341Module);
  // From a typical ILI9341 init: power control B (0xCF), VCOM (0xC5), positive gamma (0xE0, 15 params),
  // and undocumented 0xEF. Parameters such as 0x2C or 0x29 must not be mistaken for commands.
  send(panel, [0xef, 0x03, 0x80, 0x02], [0xcf, 0x00, 0xc1, 0x30], [0xc5, 0x3e, 0x28],
    [0xe0, 0x0f, 0x31, 0x2b, 0x0c, 0x0e, 0x08, 0x4e, 0xf1, 0x37, 0x07, 0x10, 0x03, 0x0e, 0x09, 0x00],
    [0xb6, 0x08, 0x82, 0x27], [0xf2, 0x2c, 0x29]);
  t.equal(panel.unknownCommands, 6);
  send(panel, SLPOUT, DISPON, COLMOD_16, madctl(0x48), CASET_0_239, RASET_0_319, [...RAMWR, 0x07, 0xe0]);
  t.same(pixel(panel.glassView(), 0, 0), [0, 255, 0]);
  t.equal(panel.unknownCommands, 6);
});

t.test('writes outside the GRAM are dropped, not fatal', async (t) => {
  const panel = awake(ili9341Module);
  // MADCTL 0x08 (no MV): a 320-wide window on a 240-column GRAM.
  send(panel, COLMOD_16, madctl(0x08), CASET_0_319, [0x2b, 0x00, 0x00, 0x00, 0x01]);
  send(panel, [...RAMWR, ...Array.from({ length: 320 * 2 * 2 }, () => 0xff)]);
  t.equal(panel.pixelsWritten, 240 * 2);
  t.equal(panel.pixelsDropped, 80 * 2);
  // A window far past the GRAM (SC = 0xFF00): everything dropped.
  send(panel, [0x2a, 0xff, 0x00, 0xff, 0x10], [...RAMWR, 0x00, 0x00, 0x00, 0x00]);
  t.equal(panel.pixelsDropped, 80 * 2 + 2);
});

t.test('a forgotten window offset leaves a band of power-on noise', async (t) => {
  // A 135x240 module (ST7789-style) whose glass sits at (52, 40) in a 240x320 GRAM.
  const offsetModule: SimModuleModel = {
    controller: 'ST7789',
    gramWidth: 240,
    gramHeight: 320,
    glass: { width: 135, height: 240, xOffset: 52, yOffset: 40, mirrorX: false, mirrorY: false, bgr: false, needsInversion: true },
    resetColmod: 0x66,
  };
  const black = new Array(135 * 240 * 2).fill(0);
  const nonBlack = (v: GlassView, x0: number, x1: number, y0: number, y1: number) => {
    let n = 0;
    for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) if (pixel(v, x, y).some((b) => b !== 0)) n++;
    return n;
  };
  const wrong = awake(offsetModule);
  // INVON for IPS; window 0..134 x 0..239, as if the glass started at GRAM (0,0).
  send(wrong, INVON, COLMOD_16, [0x2a, 0x00, 0x00, 0x00, 0x86], [0x2b, 0x00, 0x00, 0x00, 0xef], [...RAMWR, ...black]);
  const v = wrong.glassView();
  t.equal(nonBlack(v, 0, 83, 0, 200), 0, 'glass over GRAM 52..134 x 40..239 got the image');
  t.ok(nonBlack(v, 83, 135, 0, 240) > 52 * 240 * 0.9, 'right band: noise');
  t.ok(nonBlack(v, 0, 135, 200, 240) > 135 * 40 * 0.9, 'bottom band: noise');
  const right = awake(offsetModule);
  // CASET 52..186 (0x34..0xBA), RASET 40..279 (0x28..0x117).
  send(right, INVON, COLMOD_16, [0x2a, 0x00, 0x34, 0x00, 0xba], [0x2b, 0x00, 0x28, 0x01, 0x17], [...RAMWR, ...black]);
  t.equal(nonBlack(right.glassView(), 0, 135, 0, 240), 0, 'with the offsets: all black');
});

t.test('a full 240x320 RGB565 frame decodes in a few ms', async (t) => {
  const panel = awake(ili9341Module);
  send(panel, COLMOD_16, madctl(0x48), CASET_0_239, RASET_0_319);
  const frame = new Uint8Array(240 * 320 * 2).map((_, i) => i * 7);
  for (let i = 0; i < 3; i++) { panel.command(0x2c); panel.data(frame); } // warm up the JIT
  const n = 20;
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) { panel.command(0x2c); panel.data(frame); }
  const ms = Number(process.hrtime.bigint() - t0) / 1e6 / n;
  t.comment(`${ms.toFixed(2)} ms per frame`);
  t.ok(ms < 50, 'well under a frame time even on a slow CI box');
});
