import { SpifbError } from '../../protocol/errors.js';
import type { DaemonConfig } from '../config/keys.js';
import type { GlassSource } from '../display.js';
import { DbiTraceWriter } from '../sim/dbi-trace.js';
import { SIM_MODULES } from '../sim/modules.js';
import { SimPanel } from '../sim/sim-panel.js';
import type { Bus } from './bus.js';
import { SimBus } from './sim-bus.js';

export interface OpenedBus {
  bus: Bus;
  /** Present when the glass can be read back (the simulated panel). */
  glass?: GlassSource;
}

/** Build the bus the config asks for. */
export function openBus(config: Pick<DaemonConfig, 'bus' | 'panel' | 'trace'>): OpenedBus {
  if (config.bus === 'spidev') {
    throw new SpifbError('EBUS', '--bus spidev is not available in this version yet; use --bus sim');
  }
  const model = SIM_MODULES[config.panel];
  if (!model) throw new SpifbError('EBAD_CONFIG', `no simulated module for panel ${config.panel}`);
  const panel = new SimPanel(model);
  const trace = config.trace ? new DbiTraceWriter(config.trace) : undefined;
  return { bus: new SimBus(panel, trace), glass: panel };
}
