import type { Logger } from 'pino';

/** The clocks a panel can take, from its preset (each preset cites its datasheet's write cycle). */
export interface PanelClockLimits {
  command: number;
  pixels: number;
}

export interface SpiClocks {
  pixelHz: number;
  commandHz: number;
}

/**
 * 10 MHz for commands unless the panel is slower: the kernel's
 * mipi_dbi_spi_cmd_max_speed() (drivers/gpu/drm/drm_mipi_dbi.c) caps command
 * transfers there, as the ILI9341's write cycle (§19.4, ≥ 100 ns) asks.
 */
export const DEFAULT_COMMAND_HZ = 10_000_000;

/**
 * The clocks spidev runs at: what the config names, else the preset's own
 * limit (a 32 MHz default for every panel would overclock an ST7735R rated
 * for 15 MHz). A configured clock above the limit is used — many modules run
 * faster than their datasheet promises — but said so in the log once.
 */
export function resolveSpiClocks(
  configured: { pixelHz?: number; commandHz?: number },
  limits: PanelClockLimits,
  panel: string,
  logger?: Pick<Logger, 'warn'>,
): SpiClocks {
  const pixelHz = configured.pixelHz ?? limits.pixels;
  const commandHz = configured.commandHz ?? Math.min(DEFAULT_COMMAND_HZ, limits.command);
  if (pixelHz > limits.pixels) {
    logger?.warn({ panel, hz: pixelHz, limit: limits.pixels }, `spi.hz ${pixelHz} is above the ${panel} preset's limit of ${limits.pixels} Hz; using it as configured`);
  }
  if (commandHz > limits.command) {
    logger?.warn({ panel, hz: commandHz, limit: limits.command }, `spi.commandHz ${commandHz} is above the ${panel} preset's limit of ${limits.command} Hz; using it as configured`);
  }
  return { pixelHz, commandHz };
}
