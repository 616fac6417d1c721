import type { PanelSpec } from '../panel-spec.js';
import { gc9a01 } from './gc9a01.js';
import { hx8357d } from './hx8357d.js';
import { ili9340 } from './ili9340.js';
import { ili9341 } from './ili9341.js';
import { ili9486 } from './ili9486.js';
import { ili9486_waveshare } from './ili9486-waveshare.js';
import { ili9488 } from './ili9488.js';
import { ssd1351 } from './ssd1351.js';
import { st7735r, st7735r_black, st7735r_green, st7735r_red } from './st7735r.js';
import { st7735r_128x128 } from './st7735r-128x128.js';
import { st7735r_160x80 } from './st7735r-160x80.js';
import { st7789 } from './st7789.js';
import { st7789_135x240 } from './st7789-135x240.js';
import { st7789_172x320 } from './st7789-172x320.js';
import { st7789_240x240 } from './st7789-240x240.js';
import { st7789_240x280 } from './st7789-240x280.js';
import { st7789_280x240 } from './st7789-280x240.js';
import { st7789_320x170 } from './st7789-320x170.js';

const ALL = [
  ili9341, ili9340, st7789, st7789_240x240, st7789_135x240, st7789_240x280, st7789_280x240, st7789_172x320,
  st7789_320x170, st7735r, st7735r_green, st7735r_red, st7735r_black, st7735r_128x128, st7735r_160x80,
  ili9486, ili9486_waveshare, ili9488, gc9a01, hx8357d, ssd1351,
];

/** Presets selectable with `--panel`, by name. */
export const PANEL_PRESETS: Readonly<Record<string, PanelSpec>> = Object.fromEntries(ALL.map((p) => [p.name, p]));
