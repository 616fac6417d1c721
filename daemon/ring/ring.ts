import type { DmaBuffer } from '../memory/dma-buffer.js';
import { openBuffer } from '../memory/open-buffer.js';
import { pageSize } from '../sys/libc.js';
import { RingHeader, RING_LAYOUT_VERSION } from './header.js';
import { ringLayout, type RingLayout } from './layout.js';
import { SlotTable } from './slots.js';

export interface RingOptions {
  /** `shm`, `udmabuf:/dev/udmabufN` or `dmabuf[:device]`. */
  buffer: string;
  width: number;
  height: number;
  stride: number;
  wireBytesPerPixel: number;
  slots: number;
  /** Names the shm file (one daemon per display). */
  name: string;
  /** Opens the buffer; tests pass a fake-device backend. */
  open?: (spec: string, size: number, name: string) => DmaBuffer;
}

/** The shared buffer with its layout, header page and slot table. */
/** The tx area of the shared buffer: two page-aligned halves, synced around each transfer. */
export interface TxArea {
  dma: DmaBuffer;
  offsets: [number, number];
  halfSize: number;
}

export class Ring {
  readonly header: RingHeader;
  readonly slots: SlotTable;

  private constructor(readonly dma: DmaBuffer, readonly layout: RingLayout) {
    this.header = new RingHeader(dma.bytes, layout);
    this.header.init();
    this.slots = new SlotTable(dma.bytes, layout, this.header);
  }

  static open(o: RingOptions): Ring {
    const layout = ringLayout({ ...o, pageSize: pageSize() });
    const dma = (o.open ?? openBuffer)(o.buffer, layout.totalSize, o.name);
    return new Ring(dma, layout);
  }

  txArea(): TxArea {
    return { dma: this.dma, offsets: this.layout.txOffsets, halfSize: this.layout.txHalfSize };
  }

  /** The `map` op's answer: what a client opens and maps. */
  mapInfo(): { path: string; size: number; headerOffset: number; layoutVersion: number; backend: string } {
    return { ...this.dma.share, headerOffset: 0, layoutVersion: RING_LAYOUT_VERSION, backend: this.dma.backend };
  }

  close(): void {
    this.dma.close();
  }
}
