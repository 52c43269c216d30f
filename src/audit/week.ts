// The 168 hours of a week, as instants: hour h starts h hours after Monday 00:00 on the wall
// clock of the display time zone, in the week that contains `at`. Each hour is judged at its
// middle, so a window that starts or ends on the hour is counted whole.
import { DAYS, type Org, type Team } from '../model.ts';
import { localTime, teamOnDuty } from '../coverage/clock.ts';

export const HOURS = 168;

/** The instant of Monday 00:00 (wall clock of `tz`) of the week containing `at`. */
export function weekStart(at: Date, tz: string): Date {
  const { day, minutes } = localTime(at, tz);
  let guess = new Date(at.getTime() - (DAYS.indexOf(day) * 1440 + minutes) * 60_000);
  // Across a DST change the wall clock moved by an hour: correct until it reads Monday 00:00.
  for (let i = 0; i < 3; i++) {
    const t = localTime(guess, tz);
    const off = DAYS.indexOf(t.day) * 1440 + t.minutes;
    if (off === 0) break;
    guess = new Date(guess.getTime() - (off > 5040 ? off - 10080 : off) * 60_000);
  }
  return new Date(Math.floor(guess.getTime() / 60_000) * 60_000);
}

/** The middle of each of the 168 hours. */
export function weekHours(at: Date, tz: string): Date[] {
  const start = weekStart(at, tz).getTime();
  return Array.from({ length: HOURS }, (_, h) => new Date(start + h * 3_600_000 + 1_800_000));
}

/** For each hour, whether the team is on duty. */
export function teamGrid(team: Team, hours: Date[]): boolean[] {
  return hours.map((h) => teamOnDuty(team, h));
}

/** For each hour, the teams of a tier on duty. */
export function tierGrid(org: Org, tier: string, hours: Date[]): string[][] {
  const teams = org.teams.filter((t) => t.tier === tier);
  return hours.map((h) => teams.filter((t) => teamOnDuty(t, h)).map((t) => t.id));
}

export interface Interval {
  /** First hour index (0 = Monday 00:00). */
  from: number;
  /** Hour index after the last. */
  to: number;
}

/** Runs of hours where `pred` holds, joined across the end of the week. */
export function intervals(flags: boolean[]): Interval[] {
  const out: Interval[] = [];
  let start = -1;
  for (let h = 0; h <= flags.length; h++) {
    if (h < flags.length && flags[h]) {
      if (start === -1) start = h;
    } else if (start !== -1) {
      out.push({ from: start, to: h });
      start = -1;
    }
  }
  if (out.length > 1 && out[0].from === 0 && out[out.length - 1].to === flags.length) {
    const last = out.pop()!;
    out[0] = { from: last.from, to: flags.length + out[0].to };
  }
  return out;
}

const NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

function at(h: number): string {
  const hour = h % HOURS;
  return `${NAMES[Math.floor(hour / 24)]} ${String(hour % 24).padStart(2, '0')}:00`;
}

export function intervalText(i: Interval): string {
  return `${at(i.from)}–${at(i.to)} (${i.to - i.from} h)`;
}
