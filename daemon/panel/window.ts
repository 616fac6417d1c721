import { MADCTL_MV, MADCTL_MX, MADCTL_MY } from './madctl.js';
import type { PanelSpec } from './panel-spec.js';

/**
 * Where the visible area lies in the controller's *logical* address space
 * (the CASET/RASET coordinates) under a given MADCTL.
 *
 * The controller maps a logical (column c, page p) to native GRAM by first
 * exchanging them when MV is set, then mirroring the native axes for MX/MY
 * (ST7735R datasheet §9.11 "Memory Data Write/Read Direction"). Inverting that
 * map for the visible rectangle's corners gives the window origin; this is why
 * a 240x240 ST7789 needs an 80-row offset only when MY mirrors the rows.
 */
export interface LogicalWindow {
  /** Screen size after rotation. */
  width: number;
  height: number;
  /** Logical column/page of the screen's (0,0). */
  column0: number;
  page0: number;
}

export function logicalWindow(spec: PanelSpec, madctl: number): LogicalWindow {
  const { gram, visible } = spec;
  const mv = (madctl & MADCTL_MV) !== 0;
  const toLogical = (x: number, y: number): [number, number] => {
    const nx = madctl & MADCTL_MX ? gram.width - 1 - x : x;
    const ny = madctl & MADCTL_MY ? gram.height - 1 - y : y;
    return mv ? [ny, nx] : [nx, ny];
  };
  const x1 = visible.xOffset + visible.width - 1;
  const y1 = visible.yOffset + visible.height - 1;
  const corners = [
    toLogical(visible.xOffset, visible.yOffset),
    toLogical(x1, y1),
  ];
  return {
    width: mv ? visible.height : visible.width,
    height: mv ? visible.width : visible.height,
    column0: Math.min(corners[0][0], corners[1][0]),
    page0: Math.min(corners[0][1], corners[1][1]),
  };
}
