import type { PanelSpec } from '../panel-spec.js';
import { definePanel } from './define.js';

/**
 * ST7735R 1.8" 128x160 modules (red/green tab), GRAM 132x162 (ST7735R
 * datasheet V2.1 §9.1, GM = 11).
 *
 * Wiring: mirrored in both axes — upright is MADCTL MX|MY (DRM
 * drivers/gpu/drm/tiny/st7735r.c: 0 → MX|MY, 90 → MX|MV, 180 → 0,
 * 270 → MY|MV; Adafruit_ST7735 rotation 0 → MX|MY). Derived table:
 * 0 → MX|MY, 90 → MV|MY, 180 → 0, 270 → MV|MX. So the DRM st7735r driver's
 * 90 is our 270: it turns counter-clockwise where DRM ili9341 turns
 * clockwise. Adafruit's rotation 1 (MY|MV) agrees with ours.
 * Window (2, 1) at rotation 0 is symmetric in 132x162, so native (2, 1).
 * BGR: the DRM driver's jd-t18003-t01 config sets bgr.
 * Vendor init: st7735r_pipe_enable (frame rate, inversion control, power, VCOM).
 */
export const ST7735R_INIT = [
  { cmd: 0xb1, params: [0x01, 0x2c, 0x2d] }, // FRMCTR1 (§10.2.1)
  { cmd: 0xb2, params: [0x01, 0x2c, 0x2d] }, // FRMCTR2
  { cmd: 0xb3, params: [0x01, 0x2c, 0x2d, 0x01, 0x2c, 0x2d] }, // FRMCTR3
  { cmd: 0xb4, params: [0x07] }, // INVCTR: column inversion
  { cmd: 0xc0, params: [0xa2, 0x02, 0x84] }, // PWCTR1
  { cmd: 0xc1, params: [0xc5] }, // PWCTR2
  { cmd: 0xc2, params: [0x0a, 0x00] }, // PWCTR3
  { cmd: 0xc3, params: [0x8a, 0x2a] }, // PWCTR4
  { cmd: 0xc4, params: [0x8a, 0xee] }, // PWCTR5
  { cmd: 0xc5, params: [0x0e] }, // VMCTR1
];

export function st7735rModule(name: string, visible: PanelSpec['visible'], extra: Partial<PanelSpec> = {}): PanelSpec {
  return definePanel({
    name,
    controller: 'ST7735R',
    gram: { width: 132, height: 162 },
    visible,
    wiring: { mirrorX: true, mirrorY: true },
    bgr: true,
    invert: false,
    wireFormat: 'rgb565',
    init: ST7735R_INIT,
    // ST7735R §9.4: serial write cycle ≥ 66 ns (15 MHz).
    maxHz: { command: 15_000_000, pixels: 15_000_000 },
    ...extra,
  });
}

export const st7735r = st7735rModule('st7735r', { width: 128, height: 160, xOffset: 2, yOffset: 1 });
