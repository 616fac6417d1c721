import t from 'tap';
import { resolveSpiClocks } from '../../../daemon/bus/spi-clock.js';
import { PANEL_PRESETS } from '../../../daemon/panel/presets/index.js';

// Issue 11 §4: a fixed 32 MHz default overclocked six presets. The expected
// limits are the write cycles of each datasheet (the preset cites the section).
const RATED: Record<string, number> = {
  st7735r: 15_000_000, // ST7735R V2.1 §9.4: serial write cycle ≥ 66 ns
  hx8357d: 15_000_000,
  ili9486: 20_000_000,
  'ili9486-waveshare': 16_000_000, // the board's 74HC4094 shift registers, as DRM ili9486.c's 16 MHz note
  ili9488: 20_000_000,
  ssd1351: 20_000_000, // SSD1351 §13.4: serial clock cycle ≥ 50 ns
};

t.test('the default pixel clock is the preset\'s own limit, never above it', async (t) => {
  for (const [name, hz] of Object.entries(RATED)) {
    t.equal(resolveSpiClocks({}, PANEL_PRESETS[name].maxHz, name).pixelHz, hz, `${name}: ${hz / 1e6} MHz`);
  }
  for (const [name, spec] of Object.entries(PANEL_PRESETS)) {
    const clocks = resolveSpiClocks({}, spec.maxHz, name);
    t.ok(clocks.pixelHz <= spec.maxHz.pixels && clocks.commandHz <= spec.maxHz.command, `${name}: within the preset`);
    t.ok(clocks.commandHz <= 10_000_000, `${name}: commands at most 10 MHz (mipi_dbi_spi_cmd_max_speed)`);
  }
});

t.test('a configured clock above the limit is used, and logged once', async (t) => {
  const warnings: unknown[] = [];
  const logger = { warn: (...args: unknown[]) => warnings.push(args) };
  const clocks = resolveSpiClocks({ pixelHz: 32_000_000 }, PANEL_PRESETS.st7735r.maxHz, 'st7735r', logger as never);
  t.equal(clocks.pixelHz, 32_000_000, 'the configured clock wins');
  t.equal(warnings.length, 1, 'one warning');
  t.match(JSON.stringify(warnings[0]), /above the st7735r preset's limit of 15000000/);
  warnings.length = 0;
  resolveSpiClocks({ pixelHz: 8_000_000 }, PANEL_PRESETS.st7735r.maxHz, 'st7735r', logger as never);
  t.equal(warnings.length, 0, 'a slower clock is not worth a word');
});
