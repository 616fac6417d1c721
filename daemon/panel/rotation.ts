import type { Rotation } from './madctl.js';

/** An RGB888 image of the physical glass, rotation-0 orientation. */
export interface GlassImage {
  width: number;
  height: number;
  rgb: Uint8Array;
}

/**
 * Where screen pixel (sx, sy) appears on a gw x gh glass under `rotation`:
 * rotation R shows the image turned R degrees clockwise (the device-tree
 * `rotation` property's meaning).
 */
export function screenToGlass(rotation: Rotation, gw: number, gh: number, sx: number, sy: number): [number, number] {
  switch (rotation) {
    case 0: return [sx, sy];
    case 90: return [gw - 1 - sy, sx];
    case 180: return [gw - 1 - sx, gh - 1 - sy];
    case 270: return [sy, gh - 1 - sx];
  }
}

/** Undo the rotation: the glass as the screen (framebuffer) orientation sees it. */
export function glassToScreen(g: GlassImage, rotation: Rotation): { width: number; height: number; pixels: Uint8Array } {
  const swap = rotation === 90 || rotation === 270;
  const width = swap ? g.height : g.width;
  const height = swap ? g.width : g.height;
  const pixels = new Uint8Array(width * height * 3);
  for (let sy = 0; sy < height; sy++) {
    for (let sx = 0; sx < width; sx++) {
      const [gx, gy] = screenToGlass(rotation, g.width, g.height, sx, sy);
      const s = (gy * g.width + gx) * 3;
      const d = (sy * width + sx) * 3;
      pixels[d] = g.rgb[s];
      pixels[d + 1] = g.rgb[s + 1];
      pixels[d + 2] = g.rgb[s + 2];
    }
  }
  return { width, height, pixels };
}
