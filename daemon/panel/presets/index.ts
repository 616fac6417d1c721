import type { PanelSpec } from '../panel-spec.js';
import { ili9341 } from './ili9341.js';

/** Presets selectable with `--panel`. */
export const PANEL_PRESETS: Readonly<Record<string, PanelSpec>> = {
  ili9341,
};
