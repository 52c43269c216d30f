// Who is reachable at each hour of the audit's week, per team: the person holding the pager
// where the team has a rotation (or an override), else the team's available members; nobody,
// with the reason, in a gap or outside the coverage windows. The audit page's heat-map, its
// "pick a day and hour" control and its load table all read this one computation.
import type { Org, Tier } from '../model.ts';
import { TIERS } from '../model.ts';
import { timeline, type Segment } from '../oncall/timeline.ts';
import { holderView } from '../oncall/view.ts';
import { weekHours } from './week.ts';

export interface Reachable {
  id: string;
  name: string;
  phone?: string;
}

export interface TeamHour {
  /** `on`: someone answers; `gap`: the coverage windows promise someone but nobody holds the pager; `off`: outside coverage. */
  state: 'on' | 'gap' | 'off';
  /** `rotation` or `override`: one person holds the pager; `team`: every available member answers. */
  via?: 'rotation' | 'override' | 'team';
  people: Reachable[];
  /** Why nobody answers, in a gap. */
  cause?: string;
}

export interface TeamWeek {
  id: string;
  name: string;
  tier: Tier;
  /** The team's own number. */
  phone?: string;
  /** The 168 hours from Monday 00:00. */
  hours: TeamHour[];
}

export interface WeekReach {
  tz: string;
  /** The instant of Monday 00:00 of the week, in `tz` (ISO 8601 UTC). */
  start: string;
  /** The seven days: `Mon`, `30 Nov` and `30`. */
  days: { name: string; date: string; dayOfMonth: string }[];
  /** The hour (0–167) that holds the instant the week was computed for. */
  now: number;
  teams: TeamWeek[];
}

/** One hour as the picker answers it: for each tier, each of its teams. */
export interface HourAnswer {
  tiers: { tier: Tier; teams: { id: string; name: string; phone?: string; hour: TeamHour }[] }[];
}

const HOUR = 3_600_000;

function teamHour(org: Pick<Org, 'people'>, team: Org['teams'][number], s: Segment | undefined): TeamHour {
  if (!s || s.state === 'off') return { state: 'off', people: [] };
  if (s.state === 'gap' || !s.holder) return { state: 'gap', people: [], ...(s.cause ? { cause: s.cause } : {}) };
  const view = holderView(org, team, s.holder);
  if (view.kind === 'team') return { state: 'on', via: 'team', people: view.members };
  return { state: 'on', via: view.via, people: [{ id: view.id, name: view.name, ...(view.phone ? { phone: view.phone } : {}) }] };
}

/** Who answers for every team at each hour of the week that holds `at` (Monday 00:00 in `tz`). */
export function weekReach(org: Pick<Org, 'people' | 'teams'>, at: Date, tz: string): WeekReach {
  const hours = weekHours(at, tz);
  const from = new Date(hours[0].getTime() - HOUR / 2);
  const to = new Date(hours[hours.length - 1].getTime() + HOUR / 2);
  const date = new Intl.DateTimeFormat('en-GB', { timeZone: tz, day: 'numeric', month: 'short' });
  const name = new Intl.DateTimeFormat('en-GB', { timeZone: tz, weekday: 'short' });
  const dayOfMonth = new Intl.DateTimeFormat('en-GB', { timeZone: tz, day: 'numeric' });
  const now = hours.findIndex((h) => at.getTime() >= h.getTime() - HOUR / 2 && at.getTime() < h.getTime() + HOUR / 2);
  return {
    tz,
    start: from.toISOString(),
    days: Array.from({ length: 7 }, (_, d) => {
      const noon = hours[d * 24 + 12];
      return { name: name.format(noon), date: date.format(noon), dayOfMonth: dayOfMonth.format(noon) };
    }),
    now: Math.max(0, now),
    teams: org.teams.map((team) => {
      const segments = timeline(org, team, from, to);
      return {
        id: team.id,
        name: team.name,
        tier: team.tier,
        ...(team.contact.phone ? { phone: team.contact.phone } : {}),
        hours: hours.map((h) =>
          teamHour(
            org,
            team,
            segments.find((s) => s.from <= h && h < s.to),
          ),
        ),
      };
    }),
  };
}

/** What a reader is told about one team at one hour. */
export function whoText(hour: TeamHour): string {
  if (hour.state === 'off') return 'nobody on duty (outside its hours)';
  if (hour.state === 'gap') return `nobody on duty: ${hour.cause ?? 'nobody holds the pager'}`;
  const names = hour.people.map((p) => p.name).join(', ');
  if (hour.via === 'team') return `the whole team: ${names}`;
  return `${names} (on call${hour.via === 'override' ? ', override' : ''})`;
}

/** The picker's answers: each distinct answer once, and for each of the 168 hours which one it is. */
export function hourAnswers(week: WeekReach): { answers: HourAnswer[]; byHour: number[] } {
  const answers: HourAnswer[] = [];
  const seen = new Map<string, number>();
  const byHour = week.teams[0]?.hours.map((_, h) => {
    const answer: HourAnswer = {
      tiers: TIERS.map((tier) => ({
        tier,
        teams: week.teams.filter((t) => t.tier === tier).map((t) => ({ id: t.id, name: t.name, ...(t.phone ? { phone: t.phone } : {}), hour: t.hours[h] })),
      })).filter((t) => t.teams.length > 0),
    };
    const key = JSON.stringify(answer);
    let index = seen.get(key);
    if (index === undefined) {
      index = answers.push(answer) - 1;
      seen.set(key, index);
    }
    return index;
  });
  return { answers, byHour: byHour ?? [] };
}
