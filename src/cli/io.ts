// What a command may touch of the outside world, injectable so tests capture it.
import { styleText } from 'node:util';

export interface Io {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Colour only on a TTY and never with NO_COLOR or --no-color. */
  color: boolean;
}

export function processIo(argv: string[]): Io {
  const env = process.env;
  const color = Boolean(process.stdout.isTTY) && !('NO_COLOR' in env && env.NO_COLOR !== '') && !argv.includes('--no-color') && env.TERM !== 'dumb';
  return { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, cwd: process.cwd(), env, color };
}

type Style = Parameters<typeof styleText>[0];

/** Style text when colour is on; plain text otherwise. */
export function paint(io: Pick<Io, 'color'>, style: Style, text: string): string {
  return io.color ? styleText(style, text, { validateStream: false }) : text;
}

/** A user-facing failure: bad usage, a missing file. Printed as one line, exit 2. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}
