// Argument parsing shared by the commands: node:util parseArgs, with bad usage as a UsageError.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './io.ts';

export function parse<T extends NonNullable<ParseArgsConfig['options']>>(command: string, args: string[], options: T) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/\. To specify a positional argument.*$/s, ''), `Run \`opsbook ${command} --help\` for usage.`);
  }
}
