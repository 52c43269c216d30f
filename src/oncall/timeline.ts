// Who holds a team's pager, as a timeline of stretches: the override covering an instant,
// else the rotation's member for that shift, only inside the team's coverage windows. A
// person who is away (or has left) holds nothing: with no override that stretch is a gap,
// and the gap names its cause. A team without a rotation answers as a whole.
import type { Org, Person, Team } from '../model.ts';
import { teamOnDuty } from '../coverage/clock.ts';
import { isTimeZone } from '../rules/org-rules.ts';
import { absencePeriod, coverageBoundaries, overridePeriod, within, type Period } from './periods.ts';
import { handoffs, shiftAt, usableRotation } from './rotation.ts';

export type Holder =
  { kind: 'person'; id: string; via: 'rotation'; shift: number } | { kind: 'person'; id: string; via: 'override' } | { kind: 'team'; members: string[] };

export interface Segment {
  from: Date;
  to: Date;
  /** `on`: someone answers; `gap`: the coverage windows promise someone but nobody holds the pager; `off`: outside coverage. */
  state: 'on' | 'gap' | 'off';
  holder?: Holder;
  /** Why nobody answers, for `gap`. */
  cause?: string;
}

const usable = (p: Period) => !Number.isNaN(p.from.getTime()) && !Number.isNaN(p.to.getTime()) && p.from < p.to;

interface Prepared {
  team: Team;
  people: Map<string, Person>;
  absences: Map<string, { period: Period; text: string }[]>;
  overrides: { period: Period; person: string }[];
}

function prepare(org: Pick<Org, 'people'>, team: Team): Prepared {
  const people = new Map(org.people.map((p) => [p.id, p]));
  const absences = new Map<string, { period: Period; text: string }[]>();
  for (const p of org.people) {
    absences.set(
      p.id,
      (p.away ?? []).map((a) => ({ period: absencePeriod(p, a), text: `${a.from}…${a.to}` })).filter((a) => usable(a.period)),
    );
  }
  const overrides = (team.overrides ?? [])
    .filter((o) => isTimeZone(o.tz))
    .map((o) => ({ period: overridePeriod(o), person: o.person }))
    .filter((o) => usable(o.period));
  return { team: { ...team, coverage: team.coverage.filter((w) => isTimeZone(w.tz)) }, people, absences, overrides };
}

/** Why `id` cannot answer at `at`, or undefined when they can. */
function unavailable(p: Prepared, id: string, at: Date): string | undefined {
  const person = p.people.get(id);
  if (!person) return `\`${id}\` is not in the org file's people`;
  if (!person.active) return `${id} is inactive`;
  const away = p.absences.get(id)?.find((a) => within(a.period, at));
  return away ? `${id} is away ${away.text}` : undefined;
}

function stateAt(p: Prepared, at: Date): Omit<Segment, 'from' | 'to'> {
  if (!teamOnDuty(p.team, at)) return { state: 'off' };
  const override = p.overrides.find((o) => within(o.period, at));
  if (override) {
    const why = unavailable(p, override.person, at);
    return why ? { state: 'gap', cause: `${why} during their override` } : { state: 'on', holder: { kind: 'person', id: override.person, via: 'override' } };
  }
  const rotation = p.team.rotation && usableRotation(p.team.rotation) ? p.team.rotation : undefined;
  const shift = rotation ? shiftAt(rotation, at) : undefined;
  if (!shift) {
    const members = p.team.members.filter((m) => unavailable(p, m, at) === undefined);
    return members.length ? { state: 'on', holder: { kind: 'team', members } } : { state: 'gap', cause: `every member of ${p.team.id} is away or inactive` };
  }
  const why = unavailable(p, shift.member, at);
  return why
    ? { state: 'gap', cause: `${why} during their shift; no override` }
    : { state: 'on', holder: { kind: 'person', id: shift.member, via: 'rotation', shift: shift.index } };
}

function key(s: Omit<Segment, 'from' | 'to'>): string {
  return JSON.stringify([s.state, s.holder, s.cause]);
}

/** The team's stretches over [from, to), adjacent equal ones joined. */
export function timeline(org: Pick<Org, 'people'>, team: Team, from: Date, to: Date): Segment[] {
  const p = prepare(org, team);
  const cuts = new Set<number>([from.getTime(), to.getTime()]);
  const add = (t: Date) => {
    if (t > from && t < to) cuts.add(t.getTime());
  };
  coverageBoundaries(p.team, from, to).forEach(add);
  if (p.team.rotation) handoffs(p.team.rotation, from, to).forEach(add);
  for (const o of p.overrides) [o.period.from, o.period.to].forEach(add);
  for (const list of p.absences.values()) for (const a of list) [a.period.from, a.period.to].forEach(add);
  const times = [...cuts].sort((a, b) => a - b);
  const out: Segment[] = [];
  for (let i = 0; i + 1 < times.length; i++) {
    const state = stateAt(p, new Date(times[i]));
    const prev = out.at(-1);
    if (prev && key(prev) === key(state)) prev.to = new Date(times[i + 1]);
    else out.push({ from: new Date(times[i]), to: new Date(times[i + 1]), ...state });
  }
  return out;
}
