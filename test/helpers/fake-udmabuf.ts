import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A fake u-dma-buf: a sysfs tree with the driver's attribute files and a
 * regular file standing in for /dev/udmabuf0. ioctl on a regular file fails
 * with ENOTTY, so the backend takes its sysfs path and writes its sync words
 * into the files here, where the test reads them.
 */
export function fakeUDmaBuf(dir: string, size: number, coherent = false): { root: string; device: string; attr: string } {
  const root = join(dir, 'sys');
  const attr = join(root, 'class/u-dma-buf/udmabuf0');
  mkdirSync(attr, { recursive: true });
  mkdirSync(join(root, 'devices/system/cpu/cpu0/cache/index0'), { recursive: true });
  writeFileSync(join(root, 'devices/system/cpu/cpu0/cache/index0/coherency_line_size'), '64\n');
  writeFileSync(join(attr, 'size'), `${size}\n`);
  writeFileSync(join(attr, 'phys_addr'), '0x3e000000\n');
  writeFileSync(join(attr, 'dma_coherent'), coherent ? '1\n' : '0\n');
  writeFileSync(join(attr, 'sync_mode'), '1\n');
  writeFileSync(join(attr, 'sync_for_device'), '');
  writeFileSync(join(attr, 'sync_for_cpu'), '');
  const device = join(dir, 'udmabuf0');
  writeFileSync(device, Buffer.alloc(size));
  return { root, device, attr };
}
