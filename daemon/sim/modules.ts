import { ili9341Module, type SimModuleModel } from './module-model.js';

/** The physical module the simulator models for each panel preset. */
export const SIM_MODULES: Readonly<Record<string, SimModuleModel>> = {
  ili9341: ili9341Module,
};
