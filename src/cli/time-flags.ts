// `--tz` and `--at`, read one way by every command that reports as of an instant (audit,
// oncall): a zone that exists, and an ISO 8601 instant, an offset-less one on the clock of --tz.
import { parseAt } from '../oncall/at.ts';
import { isTimeZone } from '../rules/org-rules.ts';
import { UsageError } from './io.ts';

/** The instant `--at` names (now without it) on the clock of `--tz`; a usage error for either one that is not. `example` is an instant with an offset. */
export function timeFlags(values: { at?: string; tz: string }, example: string): Date {
  if (!isTimeZone(values.tz)) throw new UsageError(`--tz: \`${values.tz}\` is not an IANA time zone (such as Europe/Berlin)`);
  const at = values.at === undefined ? new Date() : parseAt(values.at, values.tz);
  if (!at)
    throw new UsageError(
      `--at takes an ISO 8601 time such as ${example}, not \`${values.at}\``,
      `Without an offset (${example.slice(0, 16)}) it is a time on the clock of --tz.`,
    );
  return at;
}
