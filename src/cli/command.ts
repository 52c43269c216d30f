// What a command module exports: main.ts dispatches to it, and it imports nothing of main.ts.
import type { Io } from './io.ts';

export interface Command {
  /** One line for the command list. */
  summary: string;
  /** Full `--help` text. */
  help: string;
  run(args: string[], io: Io): Promise<number>;
}
