import { basename } from 'node:path';
import type { DaemonConfig } from '../../../daemon/boot/config-keys.js';
import { parseLineSpec } from '../../../daemon/gpio/line-spec.js';
import { defaultLastFrameFile } from '../../../daemon/display/last-frame.js';

/**
 * What spifbd touches for one config, traced from the code that does it, so
 * that a test can hold it against what the unit allows. When that code
 * changes what it opens, this has to change with it.
 */
export interface Use {
  path: string;
  why: string;
}

export interface DaemonAccess {
  /** Device nodes opened read-write. */
  devices: Use[];
  /** Files created or replaced. */
  writes: Use[];
  /** Files only read (the daemon fails, or rpio mis-detects the board, without them). */
  reads: Use[];
}

export interface ServiceContext {
  /** The config file ExecStart= names. */
  configFile: string;
  /** $RUNTIME_DIRECTORY as systemd sets it: the RuntimeDirectory= paths, colon-separated. */
  runtimeDirectory?: string;
  /** The socket the daemon creates when systemd did not pass one (not socket-activated). */
  ownSocket: string;
  /** A PID, for the names of per-process files. */
  pid?: number;
}

export function daemonAccess(config: DaemonConfig, ctx: ServiceContext): DaemonAccess {
  const devices: Use[] = [];
  const writes: Use[] = [];
  const reads: Use[] = [{ path: ctx.configFile, why: 'the config (daemon/config/load.ts)' }];
  const pid = ctx.pid ?? 4242;

  // daemon/daemon.ts: listenUnix(config.socket) unless LISTEN_FDS passed one; it unlinks a stale socket first.
  writes.push({ path: ctx.ownSocket, why: 'its own socket when not socket-activated (daemon/server/listen.ts)' });

  if (config.bus === 'sim') {
    // daemon/bus/open-bus.ts: DbiTraceWriter(config.trace).
    if (config.trace) writes.push({ path: config.trace, why: 'trace (DBI byte stream)' });
  } else {
    // daemon/bus/open-spidev.ts: the pins first, then the spidev node.
    const spi = config['spi.device'];
    if (spi === undefined) throw new Error('bus spidev without spi.device: the daemon refuses to start (EBAD_CONFIG)');
    devices.push({ path: spi, why: 'spi.device (daemon/bus/spi-link.ts openSpiLink)' });
    reads.push({ path: '/sys/module/spidev/parameters/bufsiz', why: "spidev's bufsiz (daemon/bus/spi-chunks.ts)" });
    const pins = pinDevices(config);
    devices.push(...pins);
    if (config['gpio.driver'] === 'rpio' && pins.length > 0) {
      // rpio 2.x: lib/rpio.js detect_pinmap() reads the model, src/bcm2835.c bcm2835_init() the ranges.
      reads.push({ path: '/proc/device-tree/model', why: 'rpio: which Raspberry Pi this is' });
      reads.push({ path: '/proc/device-tree/soc/ranges', why: "rpio: the SoC's peripheral window" });
    }
  }

  // daemon/memory/open-buffer.ts, Ring.open({ name: 'fb' }) in daemon/daemon.ts.
  const [kind, device] = config.buffer.split(/:(.*)/s, 2);
  // buffer shm: memfds only (daemon/memory/memfd.ts), nothing in any file system; every backend's
  // header and slots are memfds too (daemon/ring/client-memory.ts, which reopens /proc/self/fd/N read-only).
  if (kind === 'udmabuf') {
    devices.push({ path: device, why: 'buffer udmabuf: (daemon/memory/udmabuf-buffer.ts)' });
    for (const attr of ['size', 'phys_addr', 'sync_mode', 'dma_coherent']) {
      reads.push({ path: `/sys/class/u-dma-buf/${basename(device)}/${attr}`, why: 'u-dma-buf attributes' });
    }
  } else if (kind === 'dmabuf') {
    devices.push({ path: device || '/dev/udmabuf', why: 'buffer dmabuf (daemon/memory/dmabuf-buffer.ts)' });
  }
  reads.push({ path: '/sys/devices/system/cpu/cpu0/cache/index0/coherency_line_size', why: 'cache line (daemon/memory/cache-line.ts)' });

  // daemon/daemon.ts + daemon/service/last-frame.ts: restored at start, rewritten through `${file}.tmp` and rename.
  const lastFrame = config.lastFrameFile ?? defaultLastFrameFile({ RUNTIME_DIRECTORY: ctx.runtimeDirectory });
  if (lastFrame) {
    writes.push({ path: lastFrame, why: 'lastFrameFile' }, { path: `${lastFrame}.tmp`, why: 'lastFrameFile, before the rename' });
  }
  return { devices, writes, reads };
}

/** daemon/gpio/open-pins.ts: rpio maps /dev/gpiomem (/dev/mem with gpio.devMem); gpiochip opens each pin's chip. */
function pinDevices(config: DaemonConfig): Use[] {
  const roles = ['dc', 'reset', 'backlight', 'te'] as const;
  const lines = roles.flatMap((role) => {
    const line = config[`pins.${role}.line`];
    return line === undefined ? [] : [{ role, line }];
  });
  if (lines.length === 0) return [];
  if (config['gpio.driver'] === 'rpio') {
    const node = config['gpio.devMem'] ? '/dev/mem' : '/dev/gpiomem';
    // TE is read as gpiochip line events even under rpio (daemon/gpio/open-pins.ts teOnGpiochip).
    const outputs = lines.filter((l) => l.role !== 'te');
    const te = lines.find((l) => l.role === 'te');
    return [
      ...(outputs.length > 0 ? [{ path: node, why: `gpio.driver rpio (daemon/gpio/rpio-pins.ts), pins ${outputs.map((l) => l.role).join(', ')}` }] : []),
      ...(te ? [{ path: '/dev/gpiochip0', why: `pins.te.line ${te.line} as a gpiochip0 edge event line (daemon/gpio/open-pins.ts)` }] : []),
    ];
  }
  return lines.map(({ role, line }) => {
    const spec = parseLineSpec(line, `pins.${role}.line`);
    // A bare line name is looked up on every /dev/gpiochipN (daemon/gpio/cdev-pins.ts): any one stands for all.
    return { path: spec.chip ?? '/dev/gpiochip0', why: `pins.${role}.line ${line} (daemon/gpio/cdev-pins.ts)` };
  });
}
