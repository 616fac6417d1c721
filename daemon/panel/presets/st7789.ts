import type { GlassWiring } from '../madctl.js';
import type { PanelSpec } from '../panel-spec.js';
import { definePanel } from './define.js';

/**
 * ST7789V 240x320 IPS modules (2.0" and the base of every ST7789 variant).
 *
 * Wiring: upright at MADCTL 0 (fbtft fb_st7789v.c set_var rotate 0 → 0;
 * TFT_eSPI rotation 0 → 0), RGB filter, IPS glass so INVON (Waveshare
 * LCD_1in3.c and TFT_eSPI ST7789_Init.h send it; fb_st7789v.c only in its
 * HSD20_IPS variant). Derived table: 0 → 0, 90 → MV|MX, 180 → MX|MY,
 * 270 → MV|MY; fbtft's rotate=90 is MV|MY, i.e. our 270.
 * COLMOD resets to 66h (18 bit, ST7789V §9.1.32): the driver always sends COLMOD.
 *
 * Vendor init: Waveshare's module demo code, LCD_1in3.c LCD_1IN3_InitReg
 * (1.3" 240x240 LCD Module / Pico-LCD-1.3), which sends exactly these
 * values in this order: PORCTRL 0C 0C 00 33 33, GCTRL 35h, VCOMS 19h,
 * LCMCTRL 2Ch, VDVVRHEN 01h, VRHS 12h, VDVS 20h, FRCTRL2 0Fh, PWCTRL1 A4 A1,
 * PVGAMCTRL/NVGAMCTRL 14 bytes each. This preset used to cite fb_st7789v.c
 * for them, but that driver sends other values (PORCTRL 08 08 00 22 22,
 * VDVVRHEN 01 FF, VRHS 0Bh, VCOMS 20h, VCMOFSET 20h, DEFAULT_GAMMA 70 2C …),
 * and its own comment calls them "a template for concrete displays which
 * usually need some adjustments". We keep the Waveshare values — written
 * for the 240x240 and 240x320 IPS modules these presets fit — and cite
 * them; TFT_eSPI's
 * ST7789_Init.h (VCOMS 28h, LCMCTRL 0Ch, VRHS 10h, its own gamma, for the
 * JLX240 glass) is a third, different set.
 *
 * SPI mode: modules without a CS pin (most 1.3"/1.54" 240x240 boards, CSX
 * tied low) need SPI mode 3 (CPOL=1, CPHA=1): Adafruit_ST77xx.h ("Certain
 * display needs MODE3 instead"), Adafruit_ST7789::init(width, height,
 * spiMode), and TFT_eSPI.h, which defaults TFT_SPI_MODE to SPI_MODE3 for
 * ST7789 ("Some ST7789 boards do not work with Mode 0"). A PanelSpec has no
 * SPI mode, so set `spi.mode` to 3 in the config (the shipped
 * systemd/examples/gpiochip-st7789.json does).
 */
export const ST7789_INIT = [
  { cmd: 0xb2, params: [0x0c, 0x0c, 0x00, 0x33, 0x33] }, // PORCTRL (§9.2.3)
  { cmd: 0xb7, params: [0x35] }, // GCTRL: VGH 13.26 V, VGL -10.43 V
  { cmd: 0xbb, params: [0x19] }, // VCOMS
  { cmd: 0xc0, params: [0x2c] }, // LCMCTRL
  { cmd: 0xc2, params: [0x01] }, // VDVVRHEN
  { cmd: 0xc3, params: [0x12] }, // VRHS
  { cmd: 0xc4, params: [0x20] }, // VDVS
  { cmd: 0xc6, params: [0x0f] }, // FRCTRL2: 60 Hz
  { cmd: 0xd0, params: [0xa4, 0xa1] }, // PWCTRL1
  // PVGAMCTRL / NVGAMCTRL, 14 bytes each (Waveshare LCD_1in3.c)
  { cmd: 0xe0, params: [0xd0, 0x04, 0x0d, 0x11, 0x13, 0x2b, 0x3f, 0x54, 0x4c, 0x18, 0x0d, 0x0b, 0x1f, 0x23] },
  { cmd: 0xe1, params: [0xd0, 0x04, 0x0c, 0x11, 0x13, 0x2c, 0x3f, 0x44, 0x51, 0x2f, 0x1f, 0x1f, 0x20, 0x23] },
];

/** An ST7789V module: a visible window of the 240x320 GRAM, native coordinates. */
export function st7789Module(name: string, visible: PanelSpec['visible'], wiring: GlassWiring = {}): PanelSpec {
  return definePanel({
    name,
    controller: 'ST7789V',
    gram: { width: 240, height: 320 },
    visible,
    wiring,
    bgr: false,
    invert: true,
    wireFormat: 'rgb565',
    init: ST7789_INIT,
    // ST7789V §7.4: serial write cycle ≥ 16 ns (62.5 MHz).
    maxHz: { command: 62_500_000, pixels: 62_500_000 },
  });
}

/** Landscape modules: the glass turned a quarter, upright at MADCTL MV|MX (the portrait glass's rotation 90). */
export const LANDSCAPE: GlassWiring = { exchange: true, mirrorX: true };

export const st7789 = st7789Module('st7789', { width: 240, height: 320, xOffset: 0, yOffset: 0 });
