import type sharpType from 'sharp';

let loaded: Promise<typeof sharpType> | undefined;

/**
 * sharp, loaded on first use: it is ~40% of the CLI's start-up time, and
 * most commands (info, stats, fill, backlight, …) never decode an image.
 */
export function loadSharp(): Promise<typeof sharpType> {
  loaded ??= import('sharp').then((m) => m.default);
  return loaded;
}
