// The org file's local dates and times as instants: coverage windows, absences and overrides.
import type { Absence, CoverageWindow, Day, Override, Person, Team } from '../model.ts';
import { DAYS } from '../model.ts';
import { addDays, clockMinutes, localTime, zonedInstant } from '../coverage/clock.ts';
import { parseDate } from '../parse/duration.ts';
import { isTimeZone } from '../rules/org-rules.ts';

export interface Period {
  from: Date;
  to: Date;
}

function weekday(date: string): Day {
  return DAYS[(new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7];
}

/** The stretches of one coverage window that overlap [from, to). */
export function windowPeriods(window: CoverageWindow, from: Date, to: Date): Period[] {
  const out: Period[] = [];
  const last = localTime(to, window.tz).date;
  const overnight = clockMinutes(window.to) <= clockMinutes(window.from);
  for (let date = addDays(localTime(from, window.tz).date, -1); date <= last; date = addDays(date, 1)) {
    if (!window.days.includes(weekday(date))) continue;
    const start = zonedInstant(date, window.from, window.tz);
    const end = zonedInstant(overnight ? addDays(date, 1) : date, window.to, window.tz);
    if (end > from && start < to) out.push({ from: start, to: end });
  }
  return out;
}

/** Every boundary of a team's coverage windows in (from, to). */
export function coverageBoundaries(team: Team, from: Date, to: Date): Date[] {
  return team.coverage
    .flatMap((w) => windowPeriods(w, from, to))
    .flatMap((p) => [p.from, p.to])
    .filter((t) => t > from && t < to);
}

/** Not an instant: what a date that does not exist (`2026-13-01`) reads as; `usable` periods leave it out. */
const NEVER = () => new Date(Number.NaN);

/**
 * An absence as instants: from the first day's midnight to the midnight after the last, in
 * the person's zone (UTC when they name none, or one that does not exist: `check` reports that,
 * and the person is away all the same).
 */
export function absencePeriod(person: Person, absence: Absence): Period {
  const tz = person.tz !== undefined && isTimeZone(person.tz) ? person.tz : 'UTC';
  if (!parseDate(absence.from) || !parseDate(absence.to)) return { from: NEVER(), to: NEVER() };
  return { from: zonedInstant(absence.from, '00:00', tz), to: zonedInstant(addDays(absence.to, 1), '00:00', tz) };
}

/** `YYYY-MM-DDTHH:MM` in `tz` as an instant; not one (NaN) when the date or the time does not exist. */
export function localInstant(text: string, tz: string): Date {
  const date = text.slice(0, 10);
  const time = text.slice(11, 16);
  if (!/^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d$/.test(text) || !parseDate(date)) return NEVER();
  return zonedInstant(date, time, tz);
}

export function overridePeriod(override: Override): Period {
  return { from: localInstant(override.from, override.tz), to: localInstant(override.to, override.tz) };
}

/** Whether `instant` lies in the period (start included, end excluded). */
export const within = (p: Period, instant: Date): boolean => p.from <= instant && instant < p.to;
