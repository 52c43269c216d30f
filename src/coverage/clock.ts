// Who is on duty at an instant: coverage windows are local wall-clock times in an IANA time
// zone, so "08:00 Europe/Berlin" stays 08:00 across a daylight-saving change. Shared by the
// site's "on duty now" (in the browser), the runner's header and the audit.
import { DAYS, type CoverageWindow, type Day, type Team } from '../model.ts';

export interface LocalTime {
  day: Day;
  /** Minutes since local midnight. */
  minutes: number;
  /** The local calendar date, `YYYY-MM-DD`. */
  date: string;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const WEEKDAY: Record<string, Day> = { Mon: 'mon', Tue: 'tue', Wed: 'wed', Thu: 'thu', Fri: 'fri', Sat: 'sat', Sun: 'sun' };

/** The date, weekday and minute of `instant` on the wall clock of `tz`. */
export function localTime(instant: Date, tz: string): LocalTime {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(tz, f);
  }
  let day: Day = 'mon';
  const n: Record<string, string> = {};
  for (const part of f.formatToParts(instant)) {
    if (part.type === 'weekday') day = WEEKDAY[part.value] ?? 'mon';
    else n[part.type] = part.value;
  }
  return { day, minutes: Number(n.hour) * 60 + Number(n.minute), date: `${n.year}-${n.month}-${n.day}` };
}

/** Minutes `tz` is ahead of UTC at `instant`. */
function offsetMinutes(instant: Date, tz: string): number {
  const t = localTime(instant, tz);
  const wall = Date.parse(`${t.date}T00:00:00Z`) + t.minutes * 60_000;
  return Math.round((wall - Math.floor(instant.getTime() / 60_000) * 60_000) / 60_000);
}

/**
 * The instant the wall clock of `tz` reads `date` (`YYYY-MM-DD`) at `hhmm` (`24:00` is the
 * next midnight). A time skipped by a DST change is taken as the same minutes after the
 * change (02:30 on the spring-forward night is 03:30); a time that happens twice, the first.
 */
export function zonedInstant(date: string, hhmm: string, tz: string): Date {
  const wall = Date.parse(`${date}T00:00:00Z`) + clockMinutes(hhmm) * 60_000;
  // The offsets a day before and after: one of them holds at the instant sought.
  const before = wall - offsetMinutes(new Date(wall - 86_400_000), tz) * 60_000;
  const after = wall - offsetMinutes(new Date(wall + 86_400_000), tz) * 60_000;
  const reads = (t: number) => t + offsetMinutes(new Date(t), tz) * 60_000 === wall;
  const candidates = [before, after].filter(reads).sort((a, b) => a - b);
  return new Date(candidates[0] ?? before);
}

/** `date` plus `days` calendar days. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Calendar days from `a` to `b`. */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/** `HH:MM` to minutes; `24:00` is 1440. */
export function clockMinutes(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

function previousDay(day: Day): Day {
  return DAYS[(DAYS.indexOf(day) + 6) % 7];
}

/** Whether `window` covers `instant`. A window with `to` <= `from` runs past midnight. */
export function windowCovers(window: CoverageWindow, instant: Date): boolean {
  const { day, minutes } = localTime(instant, window.tz);
  const from = clockMinutes(window.from);
  const to = clockMinutes(window.to);
  if (from < to) return window.days.includes(day) && minutes >= from && minutes < to;
  // Past midnight: the evening part on a listed day, the morning part on the day after one.
  return (window.days.includes(day) && minutes >= from) || (window.days.includes(previousDay(day)) && minutes < to);
}

export function teamOnDuty(team: Team, instant: Date): boolean {
  return team.coverage.some((w) => windowCovers(w, instant));
}
