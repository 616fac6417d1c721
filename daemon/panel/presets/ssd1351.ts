import { SSD1351_COMMANDS } from '../command-set.js';
import { definePanel } from './define.js';

/**
 * SSD1351 1.5" 128x128 RGB OLED modules (Adafruit 1431, Waveshare 1.5").
 * Not a DCS controller: 15h/75h/5Ch and the A0h re-map register
 * (../command-set.ts SSD1351_COMMANDS).
 *
 * Wiring: upright with COM scan remapped (A[4]) and colour order C-B-A
 * (A[2]) for RGB565 sent R first (Adafruit_SSD1351 setRotation(0): 0x74;
 * fbtft fb_ssd1351.c rotate 0: A[4]). Derived table, as A0h bits:
 * 0 → A4, 90 → A0|A1|A4, 180 → A1, 270 → A0 — Adafruit's rotations 0..3.
 * Init: fb_ssd1351.c init_display / the datasheet's §8.9 power-on example.
 */
export const ssd1351 = definePanel({
  name: 'ssd1351',
  controller: 'SSD1351',
  commands: SSD1351_COMMANDS,
  gram: { width: 128, height: 128 },
  visible: { width: 128, height: 128, xOffset: 0, yOffset: 0 },
  wiring: { mirrorY: true },
  bgr: true,
  invert: false,
  wireFormat: 'rgb565',
  init: [
    { cmd: 0xfd, params: [0x12] }, // command lock: unlock
    { cmd: 0xfd, params: [0xb1] }, // make A2, B1, B3, BB, BE, C1 accessible
    { cmd: 0xae }, // sleep mode on (display off) while configuring
    { cmd: 0xb3, params: [0xf1] }, // clock divider / oscillator
    { cmd: 0xca, params: [0x7f] }, // MUX ratio 128
    { cmd: 0xa1, params: [0x00] }, // display start line
    { cmd: 0xa2, params: [0x00] }, // display offset
    { cmd: 0xb5, params: [0x00] }, // GPIO
    { cmd: 0xab, params: [0x01] }, // function select: internal VDD
    { cmd: 0xb1, params: [0x32] }, // phase lengths
    { cmd: 0xbe, params: [0x05] }, // VCOMH
    { cmd: 0xc1, params: [0xc8, 0x80, 0xc8] }, // contrast A, B, C
    { cmd: 0xc7, params: [0x0f] }, // master contrast
    { cmd: 0xb4, params: [0xa0, 0xb5, 0x55] }, // VSL
    { cmd: 0xb6, params: [0x01] }, // second pre-charge
  ],
  // SSD1351 §13 "4-wire SPI": clock cycle ≥ 50 ns (20 MHz).
  maxHz: { command: 20_000_000, pixels: 20_000_000 },
});
