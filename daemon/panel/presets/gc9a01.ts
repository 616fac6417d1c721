import { definePanel } from './define.js';

/**
 * GC9A01 1.28" 240x240 round IPS modules (Waveshare, generic).
 *
 * Wiring: upright at MADCTL BGR alone (Waveshare's demo code and TFT_eSPI
 * GC9A01_Rotation.h rotation 0), IPS glass: INVON (both send 21h).
 * Derived table: 0 → 0, 90 → MV|MX, 180 → MX|MY, 270 → MV|MY (| BGR).
 * Vendor init: the inter-register enable (FEh, EFh) and the power/gamma
 * registers from the GC9A01A datasheet's reference code, shortened to the
 * ones that differ from reset.
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
  init: [
    { cmd: 0xef }, { cmd: 0xeb, params: [0x14] }, // inter register enable 2
    { cmd: 0xfe }, { cmd: 0xef }, // inter register enable 1, 2
    { cmd: 0xb6, params: [0x00, 0x20] }, // display function control
    { cmd: 0xc3, params: [0x13] }, { cmd: 0xc4, params: [0x13] }, // power control 2, 3
    { cmd: 0xc9, params: [0x22] }, // power control 4
    { cmd: 0xf0, params: [0x45, 0x09, 0x08, 0x08, 0x26, 0x2a] }, // gamma 1
    { cmd: 0xf1, params: [0x43, 0x70, 0x72, 0x36, 0x37, 0x6f] }, // gamma 2
    { cmd: 0xf2, params: [0x45, 0x09, 0x08, 0x08, 0x26, 0x2a] }, // gamma 3
    { cmd: 0xf3, params: [0x43, 0x70, 0x72, 0x36, 0x37, 0x6f] }, // gamma 4
    { cmd: 0xe8, params: [0x34] }, // frame rate
  ],
  // GC9A01A §7.3: serial write cycle ≥ 10 ns; modules are run at up to 80 MHz.
  maxHz: { command: 50_000_000, pixels: 80_000_000 },
});
