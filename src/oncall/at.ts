// The instant a command is asked about (`--at`): ISO 8601 only, and a time written without an
// offset is read on the clock of the zone the command shows times in (`--tz`), never the
// machine's, so `--at 2026-12-24T03:00 --tz Europe/Berlin` means the same on every host.
import { zonedInstant } from '../coverage/clock.ts';
import { parseDate } from '../parse/duration.ts';

const ISO = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,3})?)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** `text` as an instant, or undefined when it is not an ISO 8601 date or date and time that exists. */
export function parseAt(text: string, tz: string): Date | undefined {
  const m = ISO.exec(text);
  if (!m || !parseDate(m[1])) return undefined;
  const [, date, hh = '00', mm = '00', ss = '00', fraction = '', zone] = m;
  if (Number(hh) > 23 || Number(mm) > 59 || Number(ss) > 59) return undefined;
  if (zone) {
    const offset = zone === 'Z' || zone.includes(':') ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`;
    const at = new Date(`${date}T${hh}:${mm}:${ss}${fraction}${offset}`);
    return Number.isNaN(at.getTime()) ? undefined : at;
  }
  return new Date(zonedInstant(date, `${hh}:${mm}`, tz).getTime() + Number(ss) * 1000 + Math.round(Number(fraction || '0') * 1000));
}
