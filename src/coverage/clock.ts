// Who is on duty at an instant: coverage windows are local wall-clock times in an IANA time
// zone, so "08:00 Europe/Berlin" stays 08:00 across a daylight-saving change. Shared by the
// site's "on duty now" (in the browser), the runner's header and the audit.
import { DAYS, type CoverageWindow, type Day, type Team } from '../model.ts';

export interface LocalTime {
  day: Day;
  /** Minutes since local midnight. */
  minutes: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const WEEKDAY: Record<string, Day> = { Mon: 'mon', Tue: 'tue', Wed: 'wed', Thu: 'thu', Fri: 'fri', Sat: 'sat', Sun: 'sun' };

/** The weekday and minute of `instant` on the wall clock of `tz`. */
export function localTime(instant: Date, tz: string): LocalTime {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: tz, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formatters.set(tz, f);
  }
  let day: Day = 'mon';
  let hour = 0;
  let minute = 0;
  for (const part of f.formatToParts(instant)) {
    if (part.type === 'weekday') day = WEEKDAY[part.value] ?? 'mon';
    else if (part.type === 'hour') hour = Number(part.value);
    else if (part.type === 'minute') minute = Number(part.value);
  }
  return { day, minutes: hour * 60 + minute };
}

/** `HH:MM` to minutes; `24:00` is 1440. */
export function clockMinutes(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

function previousDay(day: Day): Day {
  return DAYS[(DAYS.indexOf(day) + 6) % 7]!;
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
