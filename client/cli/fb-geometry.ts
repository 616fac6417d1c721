import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { SpifbError } from '../../protocol/errors.js';

export type FbFormat = 'xrgb8888' | 'rgb565';

/** How a framebuffer's memory is laid out: what `mirror` needs to read it. */
export interface FbGeometry {
  width: number;
  height: number;
  /** Bytes a row (may be more than width × bytes per pixel). */
  stride: number;
  format: FbFormat;
}

/**
 * Read the geometry of /dev/fbN from sysfs (drivers/video/fbdev/core/fbsysfs.c):
 * `virtual_size` "W,H", `bits_per_pixel`, `stride`; the visible size comes from
 * the first line of `modes` ("U:1920x1080p-60") when there is one, because a
 * double-buffered fb is twice as tall virtually. `sysfsRoot` (default
 * $SPIFB_SYSFS_ROOT or /sys) lets tests supply their own tree.
 */
export async function readFbGeometry(device: string, sysfsRoot = process.env.SPIFB_SYSFS_ROOT ?? '/sys'): Promise<FbGeometry> {
  const name = basename(device);
  if (!/^fb\d+$/.test(name)) {
    throw new SpifbError('ENO_DEVICE', `${device} is not /dev/fbN; for a plain file give --size WxH and --format xrgb8888|rgb565`);
  }
  const dir = join(sysfsRoot, 'class/graphics', name);
  const read = async (file: string): Promise<string> => {
    try {
      return (await readFile(join(dir, file), 'utf8')).trim();
    } catch (err) {
      throw new SpifbError('ENO_DEVICE', `cannot read ${join(dir, file)}: ${(err as Error).message}`);
    }
  };
  const [vw, vh] = (await read('virtual_size')).split(',').map(Number);
  const bits = Number(await read('bits_per_pixel'));
  const stride = Number(await read('stride'));
  let width = vw;
  let height = vh;
  const mode = /(\d+)x(\d+)/.exec(await read('modes').catch(() => ''));
  if (mode) [width, height] = [Number(mode[1]), Number(mode[2])];
  if (bits !== 16 && bits !== 32) throw new SpifbError('EBAD_FORMAT', `${name} has ${bits} bits a pixel; mirror reads 16 (rgb565) and 32 (xrgb8888)`);
  const format: FbFormat = bits === 16 ? 'rgb565' : 'xrgb8888';
  if (![width, height, stride].every((n) => Number.isInteger(n) && n > 0) || stride < width * (bits / 8)) {
    throw new SpifbError('ENO_DEVICE', `${dir} describes an impossible framebuffer (${width}x${height}, stride ${stride})`);
  }
  return { width, height, stride, format };
}
