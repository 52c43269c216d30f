// Who is reachable at each hour of the audit's week, the heat-map's grids and the picker's
// answers made from it, and the load per person summed from it and the audit report.
import { describe, expect, it } from 'vitest';
import { heatmapGrids } from '../../src/audit/heatmap.ts';
import { personLoad } from '../../src/audit/load.ts';
import { hourAnswers, weekReach, whoText } from '../../src/audit/reachable.ts';
import type { Org, Person, Team } from '../../src/model.ts';

const ALL = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const person = (id: string, name: string, extra: Partial<Person> = {}): Person => ({
  id,
  name,
  contact: { phone: `+1-555-01${id.length}` },
  active: true,
  ...extra,
});
const people: Person[] = [
  person('ann', 'Ann Arbor'),
  person('bob', 'Bob Burns', { away: [{ from: '2026-12-03', to: '2026-12-03' }] }),
  person('cy', 'Cy Chan'),
];
const desk: Team = {
  id: 'desk',
  name: 'Desk',
  tier: 'I',
  members: ['ann', 'bob'],
  contact: { phone: '+1-555-0100' },
  coverage: [{ days: [...ALL], from: '00:00', to: '24:00', tz: 'UTC' }],
  // Ann holds Mondays, Bob Tuesdays, and so on, handing over at 09:00 UTC.
  rotation: { members: ['ann', 'bob'], length: '1d', handoff: { time: '09:00', tz: 'UTC' }, start: '2026-11-30' },
};
const eng: Team = {
  id: 'eng',
  name: 'Eng',
  tier: 'III',
  members: ['cy', 'ann'],
  contact: { phone: '+1-555-0300' },
  coverage: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '09:00', to: '17:00', tz: 'UTC' }],
};
const org: Pick<Org, 'people' | 'teams'> = { people, teams: [desk, eng] };
// Wednesday 2 December 2026, 14:30 UTC: hour 2 × 24 + 14 of the week from Monday 30 November.
const week = weekReach(org, new Date('2026-12-02T14:30:00Z'), 'UTC');
const at = (day: number, hour: number) => day * 24 + hour;

describe('weekReach', () => {
  it('spans Monday to Sunday of the week holding the instant, and knows its hour', () => {
    expect(week.start).toBe('2026-11-30T00:00:00.000Z');
    expect(week.days.map((d) => `${d.name} ${d.date}`)).toEqual(['Mon 30 Nov', 'Tue 1 Dec', 'Wed 2 Dec', 'Thu 3 Dec', 'Fri 4 Dec', 'Sat 5 Dec', 'Sun 6 Dec']);
    expect(week.days[1].dayOfMonth).toBe('1');
    expect(week.now).toBe(at(2, 14));
    expect(week.teams.map((t) => [t.id, t.hours.length])).toEqual([
      ['desk', 168],
      ['eng', 168],
    ]);
  });

  it('names the person holding a rotation, the whole team without one, and nobody outside the hours', () => {
    const [d, e] = week.teams;
    // Before the rotation's first handoff the whole team answers.
    expect(d.hours[at(0, 8)]).toEqual({
      state: 'on',
      via: 'team',
      people: [
        { id: 'ann', name: 'Ann Arbor', phone: '+1-555-013' },
        { id: 'bob', name: 'Bob Burns', phone: '+1-555-013' },
      ],
    });
    expect(d.hours[at(0, 10)]).toEqual({ state: 'on', via: 'rotation', people: [{ id: 'ann', name: 'Ann Arbor', phone: '+1-555-013' }] });
    expect(d.hours[at(1, 10)].people.map((p) => p.id)).toEqual(['bob']);
    expect(e.hours[at(2, 10)]).toEqual({
      state: 'on',
      via: 'team',
      people: [
        { id: 'cy', name: 'Cy Chan', phone: '+1-555-012' },
        { id: 'ann', name: 'Ann Arbor', phone: '+1-555-013' },
      ],
    });
    expect(e.hours[at(2, 20)]).toEqual({ state: 'off', people: [] });
  });

  it('says why nobody holds the pager when the person on shift is away', () => {
    // Bob's shift runs Thursday 09:00 to Friday 09:00; he is away all Thursday.
    expect(week.teams[0].hours[at(3, 12)]).toEqual({ state: 'gap', people: [], cause: 'bob is away 2026-12-03…2026-12-03 during their shift; no override' });
    expect(week.teams[0].hours[at(4, 2)].people.map((p) => p.id)).toEqual(['bob']);
  });
});

describe('whoText', () => {
  it('says who answers, as a reader reads it', () => {
    expect(whoText(week.teams[0].hours[at(0, 10)])).toBe('Ann Arbor (on call)');
    expect(whoText({ state: 'on', via: 'override', people: [{ id: 'cy', name: 'Cy Chan' }] })).toBe('Cy Chan (on call, override)');
    expect(whoText(week.teams[1].hours[at(2, 10)])).toBe('the whole team: Cy Chan, Ann Arbor');
    expect(whoText(week.teams[1].hours[at(2, 20)])).toBe('nobody on duty (outside its hours)');
    expect(whoText(week.teams[0].hours[at(3, 12)])).toBe('nobody on duty: bob is away 2026-12-03…2026-12-03 during their shift; no override');
  });
});

describe('heatmapGrids', () => {
  const grids = heatmapGrids(week);
  it('draws a grid per tier that has teams, then one per team, seven days of 24 hours each', () => {
    expect(grids.map((g) => g.label)).toEqual(['Tier I (all teams)', 'Tier III (all teams)', 'Desk (Tier I)', 'Eng (Tier III)']);
    expect(grids.every((g) => g.days.length === 7 && g.days.every((d) => d.cells.length === 24))).toBe(true);
  });
  it('counts the hours with nobody and gives every cell its text', () => {
    const [tierI, , deskGrid, engGrid] = grids;
    // Desk: Thursday 09:00 to Friday 00:00 (Bob away on his shift): 15 hours.
    expect(deskGrid.gapHours).toBe(15);
    expect(tierI.gapHours).toBe(15);
    expect(engGrid.gapHours).toBe(168 - 5 * 8);
    expect(deskGrid.days[3].cells[12]).toEqual({
      gap: true,
      text: 'Thu 12:00 Desk (Tier I): nobody on duty: bob is away 2026-12-03…2026-12-03 during their shift; no override',
    });
    expect(tierI.days[0].cells[10]).toEqual({ gap: false, text: 'Mon 10:00 Tier I (all teams): Desk: Ann Arbor (on call)' });
    expect(grids[1].days[2].cells[10].text).toBe('Wed 10:00 Tier III (all teams): Eng: the whole team: Cy Chan, Ann Arbor');
    expect(engGrid.days[6].cells[23]).toEqual({ gap: true, text: 'Sun 23:00 Eng (Tier III): nobody on duty (outside its hours)' });
  });
});

describe('hourAnswers', () => {
  const { answers, byHour } = hourAnswers(week);
  it('answers every hour with each tier and team, each distinct answer once', () => {
    expect(byHour).toHaveLength(168);
    expect(new Set(byHour).size).toBe(answers.length);
    const wed = answers[byHour[at(2, 14)]];
    expect(wed.tiers.map((t) => [t.tier, t.teams.map((x) => `${x.name}: ${whoText(x.hour)}`)])).toEqual([
      ['I', ['Desk: Ann Arbor (on call)']],
      ['III', ['Eng: the whole team: Cy Chan, Ann Arbor']],
    ]);
    expect(byHour[at(2, 13)]).toBe(byHour[at(2, 14)]);
    expect(byHour[at(2, 17)]).not.toBe(byHour[at(2, 14)]);
  });
});

describe('personLoad', () => {
  it('sums runbooks owned and backed up, and pager hours in the week and the period', () => {
    const report = {
      people: [
        { id: 'ann', name: 'Ann Arbor', owns: 3, backs: 2 },
        { id: 'bob', name: 'Bob Burns', owns: 0, backs: 1 },
        { id: 'cy', name: 'Cy Chan', owns: 0, backs: 0 },
      ],
      oncall: {
        people: [
          { id: 'ann', name: 'Ann Arbor', month: '2026-12', hours: 40.5 },
          { id: 'ann', name: 'Ann Arbor', month: '2027-01', hours: 8 },
        ],
        rotations: [],
      },
    };
    // Ann holds Mon, Wed, Fri and Sun from 09:00 (24 h each, the last to the week's end: 15 h); before Monday 09:00 the whole team
    // answers, which is nobody's pager. Bob loses the 15 h of his Thursday shift he is away.
    expect(personLoad(report, week)).toEqual([
      { id: 'ann', name: 'Ann Arbor', owns: 3, backs: 2, runbooks: 5, weekHours: 24 * 3 + 15, periodHours: 48.5 },
      { id: 'bob', name: 'Bob Burns', owns: 0, backs: 1, runbooks: 1, weekHours: 24 * 3 - 15, periodHours: 0 },
    ]);
  });
});
