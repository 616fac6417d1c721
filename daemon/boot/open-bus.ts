import type { Logger } from 'pino';
import { SpifbError } from '../../protocol/errors.js';
import type { DaemonConfig } from './config-keys.js';
import type { GlassSource } from '../display/display.js';
import { SIM_MODULES } from '../sim/modules.js';
import { SimPanel } from '../sim/sim-panel.js';
import type { Bus } from '../bus/bus.js';
import { SimBus } from '../bus/sim-bus.js';
import { WireClock } from '../bus/wire-clock.js';
import { DEFAULT_COST } from '../bus/wire-cost.js';
import { openSpidevBus, type SpidevConfig } from './open-spidev.js';
import type { SpiClocks } from '../bus/spi-clock.js';


export interface OpenedBus {
  bus: Bus;
  /** Present when the glass can be read back (the simulated panel). */
  glass?: GlassSource;
}

/** Build the bus the config asks for. */
export function openBus(config: Pick<DaemonConfig, 'bus' | 'panel' | 'trace' | 'busHz'> & SpidevConfig, clocks: SpiClocks, logger?: Logger): OpenedBus {
  if (config.bus === 'spidev') return { bus: openSpidevBus(config, clocks, logger) };
  const model = SIM_MODULES[config.panel];
  if (!model) throw new SpifbError('EBAD_CONFIG', `no simulated module for panel ${config.panel}`);
  const panel = new SimPanel(model);
  const clock = config.busHz > 0 ? new WireClock({ hz: config.busHz, transferOverheadUs: DEFAULT_COST.transferOverheadUs }) : undefined;
  // The decoder runs when the glass is looked at, not on the frame path (issue 14).
  const bus = new SimBus(panel, clock, { lazyLimitBytes: 8 << 20 });
  return { bus, glass: bus };
}
