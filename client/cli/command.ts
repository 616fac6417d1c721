import type { Readable } from 'node:stream';
import type { Display } from '../display.js';

/** What every subcommand gets: its own arguments and a way to reach the daemon. */
export interface CliContext {
  args: string[];
  json: boolean;
  connect(): Promise<Display>;
  out(text: string): void;
  /**
   * Aborted on the first Ctrl-C (SIGINT) or SIGTERM: long-running commands
   * (push --raw, mirror, stats --watch, slideshows) finish cleanly and exit 0.
   */
  signal: AbortSignal;
  stdin: Readable;
  /** Whether stdout is a terminal: progress lines are drawn only then. */
  isTTY: boolean;
  /** A line that replaces itself (`\r`) on a terminal; ignored elsewhere. */
  progress(text: string): void;
}

export interface CliCommand {
  summary: string;
  usage: string;
  /**
   * Runs until stopped (streams, watch loops): Ctrl-C aborts `ctx.signal`
   * and the command ends cleanly. Other commands are simply interrupted.
   */
  streaming?: boolean;
  run(ctx: CliContext): Promise<void>;
}

/** Thrown for bad usage: exit code 2 and the subcommand's usage text. */
export class UsageError extends Error {}
