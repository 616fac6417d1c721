import { SpifbError } from '../../protocol/errors.js';
import { readInitFile } from './init-file.js';
import { MADCTL_MV, MADCTL_MX, MADCTL_MY } from './madctl.js';
import type { InitStep, PanelSpec, WireFormat } from './panel-spec.js';
import { logicalWindow } from './window.js';

/**
 * What a user may override on a preset. Geometry is given as seen at
 * rotation 0 — screen width x height and the CASET/RASET start of its
 * top-left pixel, i.e. the colstart/rowstart that Adafruit_ST7735/ST7789 and
 * TFT_eSPI publish for their rotation 0 — and converted here to the native
 * GRAM rectangle, from which every rotation's window is derived.
 */
export interface PanelOverrides {
  width?: number;
  height?: number;
  xOffset?: number;
  yOffset?: number;
  bgr?: boolean;
  invert?: boolean;
  wireFormat?: WireFormat;
  /** panel-mipi-dbi firmware file or fbtft init list, replacing the preset's vendor init. */
  initFile?: string;
}

export function resolvePanel(preset: PanelSpec, o: PanelOverrides, readInit: (path: string) => InitStep[] = readInitFile): PanelSpec {
  const spec: PanelSpec = { ...preset };
  if (o.bgr !== undefined) spec.bgr = o.bgr;
  if (o.invert !== undefined) spec.invert = o.invert;
  if (o.wireFormat !== undefined) spec.wireFormat = o.wireFormat;
  if (o.initFile !== undefined) spec.init = readInit(o.initFile);
  if ([o.width, o.height, o.xOffset, o.yOffset].some((v) => v !== undefined)) spec.visible = nativeVisible(preset, o);
  return spec;
}

/** The rotation-0 window (w x h at column c0, page p0) mapped back through the rotation-0 MADCTL to native GRAM. */
function nativeVisible(preset: PanelSpec, o: PanelOverrides): PanelSpec['visible'] {
  const m = preset.madctl[0];
  const now = logicalWindow(preset, m);
  const w = o.width ?? now.width;
  const h = o.height ?? now.height;
  const c0 = o.xOffset ?? now.column0;
  const p0 = o.yOffset ?? now.page0;
  const mv = (m & MADCTL_MV) !== 0;
  const { width: gw, height: gh } = preset.gram;
  // Logical columns run along native x without MV, along native y with it.
  const [cols, pages] = mv ? [gh, gw] : [gw, gh];
  if (c0 + w > cols || p0 + h > pages) {
    throw new SpifbError('EBAD_CONFIG',
      `panel ${preset.name}: a ${w}x${h} window at (${c0}, ${p0}) does not fit the controller's ${cols}x${pages} memory at rotation 0`);
  }
  const toNative = (c: number, p: number): [number, number] => {
    let [x, y] = mv ? [p, c] : [c, p];
    if (m & MADCTL_MX) x = gw - 1 - x;
    if (m & MADCTL_MY) y = gh - 1 - y;
    return [x, y];
  };
  const [ax, ay] = toNative(c0, p0);
  const [bx, by] = toNative(c0 + w - 1, p0 + h - 1);
  return { width: Math.abs(bx - ax) + 1, height: Math.abs(by - ay) + 1, xOffset: Math.min(ax, bx), yOffset: Math.min(ay, by) };
}
