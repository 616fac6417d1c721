import type { MapResult } from '../../protocol/messages/slots.js';
import type { DmaBuffer } from '../memory/dma-buffer.js';
import type { MemfdDeps } from '../memory/memfd.js';
import { openBuffer } from '../memory/open-buffer.js';
import { pageSize } from '../sys/libc.js';
import { ClientMemory } from './client-memory.js';
import { RingHeader, RING_LAYOUT_VERSION } from './header.js';
import { ringLayout, type RingLayout } from './layout.js';
import { SlotTable, type SlotPolicy } from './slots.js';

export interface RingOptions {
  /** `shm`, `udmabuf:/dev/udmabufN` or `dmabuf[:device]`: where the tx area lives. */
  buffer: string;
  width: number;
  height: number;
  stride: number;
  wireBytesPerPixel: number;
  slots: number;
  /** Per-client slot limit and lease (slots.ts); none when absent. */
  slotPolicy?: SlotPolicy;
  /** Names the memfds (shown in /proc/PID/fd and /proc/PID/maps; one daemon per display). */
  name: string;
  /** Opens the tx buffer; tests pass a fake-device backend. */
  open?: (spec: string, size: number, name: string) => DmaBuffer;
  /** Tests play a full tmpfs through it. */
  memfd?: MemfdDeps;
}

/** The tx area: two page-aligned halves of the daemon-private DMA buffer, synced around each transfer. */
export interface TxArea {
  dma: DmaBuffer;
  offsets: [number, number];
  halfSize: number;
}

/** The header, the slots (client memory) and the tx area (device memory) with the slot table. */
export class Ring {
  readonly header: RingHeader;
  readonly slots: SlotTable;

  private constructor(readonly dma: DmaBuffer, readonly clients: ClientMemory, readonly layout: RingLayout, policy?: SlotPolicy) {
    this.header = new RingHeader(clients.header.mapping.bytes, layout);
    this.header.init();
    this.slots = new SlotTable(clients.slots.mapping.bytes, layout, this.header, policy);
  }

  static open(o: RingOptions): Ring {
    const layout = ringLayout({ ...o, pageSize: pageSize() });
    const clients = ClientMemory.create(layout, o.name, o.memfd);
    try {
      return new Ring((o.open ?? openBuffer)(o.buffer, layout.txSize, o.name), clients, layout, o.slotPolicy);
    } catch (err) {
      clients.close();
      throw err;
    }
  }

  txArea(): TxArea {
    return { dma: this.dma, offsets: this.layout.txOffsets, halfSize: this.layout.txHalfSize };
  }

  /** The `map` op's answer; its descriptors are `descriptors()`. */
  mapInfo(): MapResult {
    return {
      layoutVersion: RING_LAYOUT_VERSION, backend: this.dma.backend,
      descriptors: 2, headerSize: this.layout.headerSize, slotsSize: this.layout.slotsSize,
    };
  }

  /** Header (read-only) and slots (read-write), in MAP_DESCRIPTORS order; the daemon keeps them open. */
  descriptors(): [number, number] {
    return this.clients.descriptors();
  }

  close(): void {
    this.slots.leases.endAll();
    this.dma.close();
    this.clients.close();
  }
}
