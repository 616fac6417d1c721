import { loadSharp } from './sharp-loader.js';

/** Text rendered to RGBA, cropped to the pixels it covers. */
export interface RenderedText {
  width: number;
  height: number;
  /** RGBA, rows packed; alpha is the glyph coverage (anti-aliased). */
  rgba: Uint8Array;
  /** Where the crop sits relative to the requested top-left corner. */
  dx: number;
  dy: number;
}

const escapeXml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * Render one line of text with librsvg through sharp, in local fonts only
 * (fontconfig; "DejaVu Sans" or any sans-serif; nothing is fetched). The
 * line box is `size` × 1.25 tall with the baseline at `size`, so `--at x,y`
 * names the top-left of the line. Returns null when nothing is inked.
 */
export async function renderText(text: string, size: number, color: number, maxWidth: number, maxHeight: number): Promise<RenderedText | null> {
  const boxW = Math.max(1, maxWidth);
  const boxH = Math.max(1, Math.min(maxHeight, Math.ceil(size * 1.25)));
  const hex = `#${color.toString(16).padStart(6, '0')}`;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${boxW}" height="${boxH}">`
    + `<text x="0" y="${size}" font-family="DejaVu Sans, Liberation Sans, sans-serif" font-size="${size}" fill="${hex}">${escapeXml(text)}</text></svg>`;
  const sharp = await loadSharp();
  const { data } = await sharp(Buffer.from(svg)).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  let left = boxW, top = boxH, right = -1, bottom = -1;
  for (let y = 0; y < boxH; y++) {
    for (let x = 0; x < boxW; x++) {
      if (data[(y * boxW + x) * 4 + 3] === 0) continue;
      if (x < left) left = x;
      if (x > right) right = x;
      if (y < top) top = y;
      bottom = y;
    }
  }
  if (right < 0) return null;
  const width = right - left + 1;
  const height = bottom - top + 1;
  const rgba = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    const from = ((top + y) * boxW + left) * 4;
    rgba.set(data.subarray(from, from + width * 4), y * width * 4);
  }
  return { width, height, rgba, dx: left, dy: top };
}

/** Blend RGBA over RGB888 in place (`over`: same size, tight rows). */
export function blendOver(over: Uint8Array, under: Uint8Array, pixels: number): void {
  for (let i = 0; i < pixels; i++) {
    const a = over[i * 4 + 3];
    for (let c = 0; c < 3; c++) {
      under[i * 3 + c] = Math.round((over[i * 4 + c] * a + under[i * 3 + c] * (255 - a)) / 255);
    }
  }
}
