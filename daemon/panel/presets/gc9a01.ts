import type { InitStep } from '../panel-spec.js';
import { definePanel } from './define.js';

/**
 * The GC9A01 vendor init as working drivers send it: TFT_eSPI
 * TFT_Drivers/GC9A01_Init.h, in its order, and LovyanGFX
 * src/lgfx/v1/panel/Panel_GC9A01.hpp (list0), which sends the same
 * registers with the same values in the same order. Most of these (84h–8Fh,
 * 90h, BCh, BDh, BEh, FFh, E1h, DFh, EDh, AEh, CDh, 70h, 62h–64h, 66h, 67h,
 * 74h, 98h) are undocumented vendor registers that both drivers send
 * without a name, so nothing here is shortened, reordered or "cleaned up"
 * to what differs from reset. Neither source sends 65h.
 *
 * Left out, because DcsPanel sends them itself after this list: TFT_eSPI's
 * 3Ah 05h in the middle (COLMOD follows the wire format; LovyanGFX leaves it
 * out of its list too), and its tail — 35h (TE on, sent there without its
 * parameter; LovyanGFX comments it out; spifb's bus sends TEON when a TE
 * pin is configured), 21h (INVON: `invert`), 11h + 120 ms (SLPOUT), 29h
 * (DISPON).
 */
export const GC9A01_INIT: InitStep[] = [
  { cmd: 0xef },
  { cmd: 0xeb, params: [0x14] },
  { cmd: 0xfe }, // inter register enable 1
  { cmd: 0xef }, // inter register enable 2
  { cmd: 0xeb, params: [0x14] },
  { cmd: 0x84, params: [0x40] },
  { cmd: 0x85, params: [0xff] },
  { cmd: 0x86, params: [0xff] },
  { cmd: 0x87, params: [0xff] },
  { cmd: 0x88, params: [0x0a] },
  { cmd: 0x89, params: [0x21] },
  { cmd: 0x8a, params: [0x00] },
  { cmd: 0x8b, params: [0x80] },
  { cmd: 0x8c, params: [0x01] },
  { cmd: 0x8d, params: [0x01] },
  { cmd: 0x8e, params: [0xff] },
  { cmd: 0x8f, params: [0xff] },
  { cmd: 0xb6, params: [0x00, 0x20] }, // display function control
  { cmd: 0x90, params: [0x08, 0x08, 0x08, 0x08] },
  { cmd: 0xbd, params: [0x06] },
  { cmd: 0xbc, params: [0x00] },
  { cmd: 0xff, params: [0x60, 0x01, 0x04] },
  { cmd: 0xc3, params: [0x13] }, // power control 2
  { cmd: 0xc4, params: [0x13] }, // power control 3
  { cmd: 0xc9, params: [0x22] }, // power control 4
  { cmd: 0xbe, params: [0x11] },
  { cmd: 0xe1, params: [0x10, 0x0e] },
  { cmd: 0xdf, params: [0x21, 0x0c, 0x02] },
  { cmd: 0xf0, params: [0x45, 0x09, 0x08, 0x08, 0x26, 0x2a] }, // gamma 1
  { cmd: 0xf1, params: [0x43, 0x70, 0x72, 0x36, 0x37, 0x6f] }, // gamma 2
  { cmd: 0xf2, params: [0x45, 0x09, 0x08, 0x08, 0x26, 0x2a] }, // gamma 3
  { cmd: 0xf3, params: [0x43, 0x70, 0x72, 0x36, 0x37, 0x6f] }, // gamma 4
  { cmd: 0xed, params: [0x1b, 0x0b] },
  { cmd: 0xae, params: [0x77] },
  { cmd: 0xcd, params: [0x63] },
  { cmd: 0x70, params: [0x07, 0x07, 0x04, 0x0e, 0x0f, 0x09, 0x07, 0x08, 0x03] },
  { cmd: 0xe8, params: [0x34] }, // frame rate
  { cmd: 0x62, params: [0x18, 0x0d, 0x71, 0xed, 0x70, 0x70, 0x18, 0x0f, 0x71, 0xef, 0x70, 0x70] },
  { cmd: 0x63, params: [0x18, 0x11, 0x71, 0xf1, 0x70, 0x70, 0x18, 0x13, 0x71, 0xf3, 0x70, 0x70] },
  { cmd: 0x64, params: [0x28, 0x29, 0xf1, 0x01, 0xf1, 0x00, 0x07] },
  { cmd: 0x66, params: [0x3c, 0x00, 0xcd, 0x67, 0x45, 0x45, 0x10, 0x00, 0x00, 0x00] },
  { cmd: 0x67, params: [0x00, 0x3c, 0x00, 0x00, 0x00, 0x01, 0x54, 0x10, 0x32, 0x98] },
  { cmd: 0x74, params: [0x10, 0x85, 0x80, 0x00, 0x00, 0x4e, 0x00] },
  { cmd: 0x98, params: [0x3e, 0x07] },
];

/**
 * GC9A01 1.28" 240x240 round IPS modules (Waveshare, generic).
 *
 * Wiring: upright at MADCTL BGR alone (Waveshare's demo code and TFT_eSPI
 * GC9A01_Rotation.h rotation 0; LovyanGFX Panel_GC9xxx madctl_table[0] = 0,
 * colour order set apart), IPS glass: INVON (TFT_eSPI sends 21h).
 * Derived table: 0 → 0, 90 → MV|MX, 180 → MX|MY, 270 → MV|MY (| BGR) —
 * LovyanGFX's table 0..3 exactly.
 * Vendor init: GC9A01_INIT above.
 */
export const gc9a01 = definePanel({
  name: 'gc9a01',
  controller: 'GC9A01',
  gram: { width: 240, height: 240 },
  visible: { width: 240, height: 240, xOffset: 0, yOffset: 0 },
  wiring: {},
  bgr: true,
  invert: true,
  wireFormat: 'rgb565',
  init: GC9A01_INIT,
  // GC9A01A §7.3: serial write cycle ≥ 10 ns; modules are run at up to 80 MHz.
  maxHz: { command: 50_000_000, pixels: 80_000_000 },
});
