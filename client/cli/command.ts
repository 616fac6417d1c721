import type { Display } from '../display.js';

/** What every subcommand gets: its own arguments and a way to reach the daemon. */
export interface CliContext {
  args: string[];
  json: boolean;
  connect(): Promise<Display>;
  out(text: string): void;
}

export interface CliCommand {
  summary: string;
  usage: string;
  run(ctx: CliContext): Promise<void>;
}

/** Thrown for bad usage: exit code 2 and the subcommand's usage text. */
export class UsageError extends Error {}
