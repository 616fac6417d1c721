import { SpifbError } from '../../protocol/errors.js';
import { cacheLineSize } from './cache-line.js';
import type { DmaBuffer } from './dma-buffer.js';
import { DmabufBuffer } from './dmabuf-buffer.js';
import { ShmBuffer } from './shm-buffer.js';
import { UDmaBufBuffer } from './udmabuf-buffer.js';

/**
 * Open the buffer `spec` names: `shm` (default), `udmabuf:/dev/udmabufN`,
 * or `dmabuf` / `dmabuf:/dev/udmabuf`. `size` is what the ring needs; a
 * u-dma-buf has its own size, which must be at least that.
 */
export function openBuffer(spec: string, size: number, name: string): DmaBuffer {
  const line = cacheLineSize();
  const [kind, device] = spec.split(/:(.*)/s, 2);
  switch (kind) {
    case 'shm':
      return new ShmBuffer(size, line, name);
    case 'udmabuf': {
      if (!device) throw new SpifbError('EBAD_CONFIG', 'buffer udmabuf needs a device: udmabuf:/dev/udmabuf0');
      const buf = new UDmaBufBuffer(device, line);
      if (buf.size < size) {
        buf.close();
        throw new SpifbError('EBAD_CONFIG', `${device} holds ${buf.size} bytes; the ring needs ${size} (load u-dma-buf with a larger size)`);
      }
      return buf;
    }
    case 'dmabuf':
      return DmabufBuffer.create(device || '/dev/udmabuf', size, line);
    default:
      throw new SpifbError('EBAD_CONFIG', `buffer must be shm, udmabuf:/dev/udmabufN or dmabuf, got ${JSON.stringify(spec)}`);
  }
}
