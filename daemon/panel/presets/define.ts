import { madctlTable, type Rotation } from '../madctl.js';
import type { PanelSpec } from '../panel-spec.js';

/**
 * A preset with its MADCTL table derived from its glass wiring (madctlFor in
 * ../madctl.ts), unless it spells one out. Each preset file shows the
 * resulting table next to the kernel driver's, so a reader can check both.
 */
export function definePanel(spec: Omit<PanelSpec, 'madctl'> & { madctl?: Record<Rotation, number> }): PanelSpec {
  return { ...spec, madctl: spec.madctl ?? madctlTable(spec.wiring) };
}
