// The on-call arithmetic: shifts across DST changes, coverage gaps, overrides and absences.
import { describe, expect, it } from 'vitest';
import type { CoverageWindow, Org, Person, Team } from '../../src/model.ts';
import { shiftAt, rotationDays } from '../../src/oncall/rotation.ts';
import { timeline } from '../../src/oncall/timeline.ts';
import { nextHandoff, onCallNow } from '../../src/oncall/now.ts';

const ALL = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as CoverageWindow['days'];
const person = (id: string, extra: Partial<Person> = {}): Person => ({
  id,
  name: id.toUpperCase(),
  contact: { phone: '+1-555-0100' },
  active: true,
  tz: 'Europe/Berlin',
  away: [],
  ...extra,
});
const team = (extra: Partial<Team> = {}): Team => ({
  id: 'ops',
  name: 'Ops',
  tier: 'II',
  members: ['ann', 'bob', 'cy'],
  contact: {},
  coverage: [{ days: ALL, from: '00:00', to: '24:00', tz: 'Europe/Berlin' }],
  rotation: { members: ['ann', 'bob', 'cy'], length: '1w', handoff: { day: 'mon', time: '09:00', tz: 'Europe/Berlin' }, start: '2026-03-02' },
  overrides: [],
  ...extra,
});
const org = (t: Team, people: Person[] = [person('ann'), person('bob'), person('cy'), person('lwu')]): Org => ({
  path: 'org.yaml',
  people,
  teams: [t],
  services: [],
  positions: new Map(),
  raw: {},
});
const at = (iso: string) => new Date(iso);
/** Segments as `from to state who-or-cause` with ISO minutes, for readable expectations. */
const show = (o: Org, from: string, to: string) =>
  timeline(o, o.teams[0], at(from), at(to)).map(
    (s) =>
      `${s.from.toISOString().slice(0, 16)} ${s.to.toISOString().slice(0, 16)} ${s.state}${s.holder ? ` ${s.holder.kind === 'team' ? `team:${s.holder.members.join(',')}` : `${s.holder.id}/${s.holder.via}`}` : ''}${s.cause ? ` ${s.cause}` : ''}`,
  );

describe('rotation length', () => {
  it('takes 1d to 4w and nothing else', () => {
    expect([rotationDays('1d'), rotationDays('1w'), rotationDays('4w'), rotationDays('28d')]).toEqual([1, 7, 28, 28]);
    expect([rotationDays('0d'), rotationDays('5w'), rotationDays('12h'), rotationDays('29d'), rotationDays('w')]).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });
});

describe('weekly rotation across the European DST change', () => {
  const rotation = team().rotation!;
  it('hands over at 09:00 Berlin time before and after the clocks go forward (29 March 2026)', () => {
    // Mon 23 March 09:00 CET = 08:00 UTC; Mon 30 March 09:00 CEST = 07:00 UTC.
    // Shifts from 2 March: ann, bob, cy, then ann again on 23 March.
    expect(shiftAt(rotation, at('2026-03-23T07:59:00Z'))?.member).toBe('cy');
    expect(shiftAt(rotation, at('2026-03-23T08:00:00Z'))).toMatchObject({
      member: 'ann',
      index: 3,
      from: at('2026-03-23T08:00:00Z'),
      to: at('2026-03-30T07:00:00Z'),
    });
    expect(shiftAt(rotation, at('2026-03-30T06:59:00Z'))?.member).toBe('ann');
    expect(shiftAt(rotation, at('2026-03-30T07:00:00Z'))?.member).toBe('bob');
  });
  it('and after they go back (25 October 2026): the 169-hour week ends at 09:00 CET', () => {
    const autumn = { ...rotation, start: '2026-10-19' };
    expect(shiftAt(autumn, at('2026-10-19T07:00:00Z'))).toMatchObject({ member: 'ann', from: at('2026-10-19T07:00:00Z'), to: at('2026-10-26T08:00:00Z') });
    expect(shiftAt(autumn, at('2026-10-26T07:59:00Z'))?.member).toBe('ann');
    expect(shiftAt(autumn, at('2026-10-26T08:00:00Z'))?.member).toBe('bob');
  });
  it('is nobody before its start: the whole team answers then', () => {
    expect(shiftAt(rotation, at('2026-03-02T07:59:00Z'))).toBeUndefined();
    expect(show(org(team()), '2026-03-02T07:00:00Z', '2026-03-02T09:00:00Z')).toEqual([
      '2026-03-02T07:00 2026-03-02T08:00 on team:ann,bob,cy',
      '2026-03-02T08:00 2026-03-02T09:00 on ann/rotation',
    ]);
  });
});

describe('daily rotation across the US DST changes', () => {
  const ny = team({
    coverage: [{ days: ALL, from: '00:00', to: '24:00', tz: 'America/New_York' }],
    rotation: { members: ['ann', 'bob'], length: '1d', handoff: { time: '08:00', tz: 'America/New_York' }, start: '2026-10-30' },
  });
  it('hands over at 08:00 New York time on both sides of 1 November 2026 (fall back)', () => {
    expect(show(org(ny), '2026-10-31T00:00:00Z', '2026-11-03T00:00:00Z')).toEqual([
      '2026-10-31T00:00 2026-10-31T12:00 on ann/rotation', // Fri 30 Oct 08:00 EDT: ann
      '2026-10-31T12:00 2026-11-01T13:00 on bob/rotation', // Sat 31 Oct 08:00 EDT; the day is 25 hours long
      '2026-11-01T13:00 2026-11-02T13:00 on ann/rotation', // Sun 1 Nov 08:00 EST
      '2026-11-02T13:00 2026-11-03T00:00 on bob/rotation',
    ]);
  });
  it('and on 8 March 2026 (spring forward: a 23-hour day)', () => {
    const spring = { ...ny, rotation: { ...ny.rotation!, start: '2026-03-07' } };
    expect(show(org(spring), '2026-03-07T12:00:00Z', '2026-03-09T13:00:00Z')).toEqual([
      '2026-03-07T12:00 2026-03-07T13:00 on team:ann,bob,cy',
      '2026-03-07T13:00 2026-03-08T12:00 on ann/rotation', // 08:00 EST to 08:00 EDT
      '2026-03-08T12:00 2026-03-09T12:00 on bob/rotation',
      '2026-03-09T12:00 2026-03-09T13:00 on ann/rotation',
    ]);
  });
});

describe('a handoff inside a coverage gap', () => {
  // The storage rota: nobody from Sunday 22:00 to Monday 08:00; the handoff is Monday 07:00.
  const storage = team({
    coverage: [
      { days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat'], from: '08:00', to: '08:00', tz: 'Europe/Berlin' },
      { days: ['sun'], from: '08:00', to: '22:00', tz: 'Europe/Berlin' },
    ],
    rotation: { members: ['ann', 'bob'], length: '1w', handoff: { day: 'mon', time: '07:00', tz: 'Europe/Berlin' }, start: '2026-11-02' },
  });
  it('ends the old shift at the gap and starts the new one when coverage resumes', () => {
    expect(show(org(storage), '2026-11-08T20:00:00Z', '2026-11-09T08:00:00Z')).toEqual([
      '2026-11-08T20:00 2026-11-08T21:00 on ann/rotation',
      '2026-11-08T21:00 2026-11-09T07:00 off',
      '2026-11-09T07:00 2026-11-09T08:00 on bob/rotation',
    ]);
  });
  it('says so in who is on call now', () => {
    const now = onCallNow(org(storage), storage, at('2026-11-08T23:00:00Z'));
    expect(now.current.state).toBe('off');
    expect(now.current.to).toEqual(at('2026-11-09T07:00:00Z'));
    expect(now.next).toMatchObject({ from: at('2026-11-09T07:00:00Z'), holder: { id: 'bob' } });
  });
});

describe('who answers next', () => {
  it('is the whole team again in the morning for a desk without a rotation that closes at night', () => {
    const desk = team({ rotation: undefined, coverage: [{ days: ALL, from: '08:00', to: '18:00', tz: 'Europe/Berlin' }] });
    const now = onCallNow(org(desk), desk, at('2026-11-04T12:00:00Z'));
    expect(now.current.to).toEqual(at('2026-11-04T17:00:00Z'));
    expect(now.next).toMatchObject({ from: at('2026-11-05T07:00:00Z'), holder: { kind: 'team' } });
  });
  it("is the same person after a rota's night gap that ends before the handoff; the handoff is the next person", () => {
    const rota = team({
      coverage: [
        { days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat'], from: '08:00', to: '08:00', tz: 'Europe/Berlin' },
        { days: ['sun'], from: '08:00', to: '22:00', tz: 'Europe/Berlin' },
      ],
      rotation: { members: ['ann', 'bob'], length: '1w', handoff: { day: 'mon', time: '09:00', tz: 'Europe/Berlin' }, start: '2026-11-02' },
    });
    const sunday = at('2026-11-08T20:00:00Z'); // 21:00 in Berlin, ann's week
    expect(onCallNow(org(rota), rota, sunday).next).toMatchObject({ from: at('2026-11-09T07:00:00Z'), holder: { id: 'ann' } });
    expect(nextHandoff(org(rota), rota, sunday)).toMatchObject({ from: at('2026-11-09T08:00:00Z'), holder: { id: 'bob' } });
  });
});

describe('overrides', () => {
  const base = team({ rotation: { members: ['ann', 'bob'], length: '1w', handoff: { day: 'mon', time: '09:00', tz: 'Europe/Berlin' }, start: '2026-11-02' } });
  it('take a stretch that starts and ends mid-shift, in their own zone', () => {
    const t = { ...base, overrides: [{ person: 'lwu', from: '2026-11-04T18:00', to: '2026-11-05T06:00', tz: 'America/New_York' }] };
    expect(show(org(t), '2026-11-04T00:00:00Z', '2026-11-06T00:00:00Z')).toEqual([
      '2026-11-04T00:00 2026-11-04T23:00 on ann/rotation',
      '2026-11-04T23:00 2026-11-05T11:00 on lwu/override',
      '2026-11-05T11:00 2026-11-06T00:00 on ann/rotation',
    ]);
  });
  it('run across a handoff: the next member takes over when the override ends', () => {
    const t = { ...base, overrides: [{ person: 'cy', from: '2026-11-08T20:00', to: '2026-11-09T12:00', tz: 'Europe/Berlin' }] };
    const now = onCallNow(org(t), t, at('2026-11-08T20:00:00Z'));
    expect(now.current).toMatchObject({ holder: { id: 'cy', via: 'override' }, to: at('2026-11-09T11:00:00Z') });
    expect(now.next).toMatchObject({ holder: { id: 'bob', via: 'rotation' }, from: at('2026-11-09T11:00:00Z') });
  });
});

describe('absences', () => {
  const base = team({ rotation: { members: ['ann', 'bob'], length: '1w', handoff: { day: 'mon', time: '09:00', tz: 'Europe/Berlin' }, start: '2026-11-02' } });
  const away = [person('ann', { away: [{ from: '2026-11-04', to: '2026-11-05' }] }), person('bob'), person('cy'), person('lwu', { tz: 'America/New_York' })];
  it('leave a gap naming its cause when nobody covers them', () => {
    expect(show(org(base, away), '2026-11-03T00:00:00Z', '2026-11-07T00:00:00Z')).toEqual([
      '2026-11-03T00:00 2026-11-03T23:00 on ann/rotation',
      '2026-11-03T23:00 2026-11-05T23:00 gap ann is away 2026-11-04…2026-11-05 during their shift; no override',
      '2026-11-05T23:00 2026-11-07T00:00 on ann/rotation',
    ]);
  });
  it('are no gap where an override covers them, and an override by someone away is one', () => {
    const covered = { ...base, overrides: [{ person: 'bob', from: '2026-11-04T00:00', to: '2026-11-06T00:00', tz: 'Europe/Berlin' }] };
    expect(show(org(covered, away), '2026-11-03T00:00:00Z', '2026-11-07T00:00:00Z').filter((l) => l.includes('gap'))).toEqual([]);
    const wrong = { ...base, overrides: [{ person: 'lwu', from: '2026-11-04T00:00', to: '2026-11-06T00:00', tz: 'Europe/Berlin' }] };
    const people = [...away.slice(0, 3), person('lwu', { tz: 'America/New_York', away: [{ from: '2026-11-05', to: '2026-11-05' }] })];
    expect(show(org(wrong, people), '2026-11-05T00:00:00Z', '2026-11-06T12:00:00Z')).toEqual([
      '2026-11-05T00:00 2026-11-05T05:00 on lwu/override',
      '2026-11-05T05:00 2026-11-05T23:00 gap lwu is away 2026-11-05…2026-11-05 during their override',
      '2026-11-05T23:00 2026-11-06T12:00 on ann/rotation', // back on Friday 00:00 Berlin time
    ]);
  });
  it('an inactive member leaves their shift a gap', () => {
    const people = [person('ann', { active: false }), person('bob'), person('cy'), person('lwu')];
    expect(show(org(base, people), '2026-11-02T08:00:00Z', '2026-11-02T10:00:00Z')).toEqual([
      '2026-11-02T08:00 2026-11-02T10:00 gap ann is inactive during their shift; no override',
    ]);
  });
});

describe('dates that do not exist', () => {
  const base = team({ rotation: { members: ['ann', 'bob'], length: '1w', handoff: { day: 'mon', time: '09:00', tz: 'Europe/Berlin' }, start: '2026-11-02' } });
  it('leave out an override or an absence that `check` reports, instead of failing', () => {
    const t = { ...base, overrides: [{ person: 'bob', from: '2026-13-01T00:00', to: '2026-11-04T00:00', tz: 'Europe/Berlin' }] };
    const people = [person('ann', { away: [{ from: '2026-11-31', to: '2026-12-02' }] }), person('bob'), person('cy'), person('lwu')];
    expect(show(org(t, people), '2026-11-03T00:00:00Z', '2026-11-04T00:00:00Z')).toEqual(['2026-11-03T00:00 2026-11-04T00:00 on ann/rotation']);
  });
  it('keep an absence of a person whose zone does not exist, read in UTC', () => {
    const people = [person('ann', { tz: 'Mars/Olympus', away: [{ from: '2026-11-04', to: '2026-11-04' }] }), person('bob'), person('cy'), person('lwu')];
    expect(show(org(base, people), '2026-11-03T00:00:00Z', '2026-11-06T00:00:00Z')).toEqual([
      '2026-11-03T00:00 2026-11-04T00:00 on ann/rotation',
      '2026-11-04T00:00 2026-11-05T00:00 gap ann is away 2026-11-04…2026-11-04 during their shift; no override',
      '2026-11-05T00:00 2026-11-06T00:00 on ann/rotation',
    ]);
  });
});

describe('a rotation that cannot be reckoned', () => {
  it('leaves the whole team answering rather than naming anyone wrongly', () => {
    for (const rotation of [
      { start: '2026-02-30' },
      { length: '5w' },
      { handoff: { time: '9am', tz: 'UTC' } },
      { handoff: { time: '09:00', tz: 'Mars/Olympus' } },
    ]) {
      const t = team({ rotation: { ...team().rotation!, ...rotation } });
      expect(show(org(t), '2026-11-02T00:00:00Z', '2026-11-03T00:00:00Z')).toEqual(['2026-11-02T00:00 2026-11-03T00:00 on team:ann,bob,cy']);
    }
  });
});
