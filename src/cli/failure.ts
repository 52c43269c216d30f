// How a failure that reached main is told to the user. Bad usage and a broken install are one
// line with the fix; anything else is an internal error naming the version. The stack is
// printed only with --debug.
import { PACKAGE_ROOT } from '../package-root.ts';
import { UsageError, type Io } from './io.ts';
import { visible } from '../render/visible.ts';
import { version } from './version.ts';

/** A command module that failed to load; `cause` says why. */
export class LoadError extends Error {
  constructor(cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
    this.name = 'LoadError';
  }
}

/** The package an import could not find (`Cannot find package 'ajv' imported from …`), if that is what failed. */
function missingPackage(error: unknown): string | undefined {
  if (!(error instanceof Error) || (error as NodeJS.ErrnoException).code !== 'ERR_MODULE_NOT_FOUND') return undefined;
  return /^Cannot find package '([^']+)'/.exec(error.message)?.[1];
}

/** Prints `error`, the failure of `opsbook <name>`, and returns the exit code (2). */
export function reportFailure(name: string, error: unknown, debug: boolean, io: Io): number {
  if (error instanceof UsageError) {
    // A message may quote what was typed (a run id, a value): shown escaped, never raw.
    io.stderr.write(`opsbook ${name}: ${visible(error.message)}\n${error.hint ? `${visible(error.hint)}\n` : ''}`);
    return 2;
  }
  const cause = error instanceof LoadError ? error.cause : error;
  const err = cause instanceof Error ? cause : new Error(String(cause));
  const first = err.message.split('\n')[0];
  const missing = missingPackage(err);
  const forStack = debug ? '' : ' (run again with --debug for the stack)';
  if (missing) io.stderr.write(`opsbook ${name}: the package \`${missing}\` is not installed; run \`npm ci\` in ${PACKAGE_ROOT}\n`);
  else if (error instanceof LoadError)
    io.stderr.write(`opsbook ${name}: cannot load the command: ${first}; this is a bug in opsbook ${version()}, please report it${forStack}\n`);
  else io.stderr.write(`opsbook ${name}: internal error: ${first}\nThis is a bug in opsbook ${version()}; please report it${debug ? '.' : forStack}\n`);
  if (debug) io.stderr.write(`${err.stack ?? ''}\n`);
  return 2;
}
