import type { PowerResult } from '../../protocol/messages/power.js';
import type { CliContext } from './command.js';

/** backlight, blank and unblank all answer with the power state they set. */
export function printPower(ctx: CliContext, state: PowerResult): void {
  ctx.out(ctx.json ? JSON.stringify(state) : `backlight ${state.level}%, ${state.blanked ? 'blanked' : 'on'}`);
}
