// `opsbook oncall` as a user runs it: text, JSON, the week and an iCalendar file that a
// real iCalendar parser (ical.js) reads back.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { opsbook } from '../cli/run-cli.ts';

const ORG = `people:
  - { id: ann, name: Ann Arbor, tz: Europe/Berlin, contact: { phone: "+49-30-1000" }, away: [ { from: 2026-12-28, to: 2026-12-30 } ] }
  - { id: bob, name: Bob Berg, contact: { email: bob@example.net } }
  - { id: cy, name: "Cy, the Third", contact: { phone: "+1-555-0300" } }
teams:
  - id: ops
    name: Ops
    tier: II
    members: [ann, bob, cy]
    contact: { phone: "+49-30-1001" }
    coverage:
      - { days: [mon, tue, wed, thu, fri, sat, sun], from: "00:00", to: "24:00", tz: Europe/Berlin }
    rotation: { members: [ann, bob, cy], length: 1w, handoff: { day: mon, time: "09:00", tz: Europe/Berlin }, start: 2026-12-07 }
    overrides:
      - { person: cy, from: "2026-12-16T18:00", to: "2026-12-17T08:00", tz: Europe/Berlin }
  - id: desk
    name: Desk
    tier: I
    members: [bob, cy]
    contact: { phone: "+1-555-0001" }
    coverage:
      - { days: [mon, tue, wed, thu, fri], from: "08:00", to: "18:00", tz: America/New_York }
services:
  - { id: mail, name: Mail, team: ops }
`;

function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'opsbook-oncall-'));
  mkdirSync(join(dir, 'runbooks'));
  writeFileSync(join(dir, 'runbooks', 'org.yaml'), ORG);
  return dir;
}

describe('opsbook oncall', () => {
  const cwd = workspace();
  it('names the person holding each pager, until when and who is next', () => {
    // Wed 16 Dec 2026 12:00 UTC: bob's week (from 14 Dec), cy's override from 18:00 Berlin.
    const r = opsbook(['oncall', '--at', '2026-12-16T12:00:00Z', '--tz', 'Europe/Berlin'], { cwd });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('On call at Wed 2026-12-16 13:00 (Europe/Berlin)');
    expect(r.stdout).toMatch(/Ops +Bob Berg \(no phone\), until Wed 2026-12-16 18:00; then Cy, the Third from Wed 2026-12-16 18:00\n/);
    // The desk closes at 18:00 New York time and answers again in the morning.
    expect(opsbook(['oncall', '--team', 'desk', '--at', '2026-12-16T20:00:00Z'], { cwd }).stdout).toContain(
      'whole team +1-555-0001 (Bob Berg, Cy, the Third), until Wed 2026-12-16 23:00; again from Thu 2026-12-17 13:00\n',
    );
    // The names line up in one column, however long the longest.
    expect(r.stdout).toContain('  Ops   Bob Berg');
    expect(r.stdout).toContain('  Desk  nobody');
    expect(r.stdout).toMatch(/Desk +nobody \(outside the coverage windows\) until Wed 2026-12-16 14:00; then the whole team from Wed 2026-12-16 14:00\n/);
  });
  it("prints JSON with onCall null where nobody is, and the gap's cause", () => {
    const r = opsbook(['oncall', '--at', '2026-12-29T15:00:00Z', '--json'], { cwd });
    expect(r.status).toBe(0);
    const entries = JSON.parse(r.stdout) as {
      team: string;
      tier: string;
      onCall: unknown;
      reason?: string;
      until: string | null;
      next: { id: string; name: string; from: string } | null;
    }[];
    expect(entries.map((e) => e.team)).toEqual(['ops', 'desk']);
    const ops = entries[0];
    expect(ops).toMatchObject({
      team: 'ops',
      tier: 'II',
      onCall: null,
      reason: 'ann is away 2026-12-28…2026-12-30 during their shift; no override',
      until: '2026-12-30T23:00:00.000Z',
    });
    expect(ops.next).toMatchObject({ kind: 'person', id: 'ann', name: 'Ann Arbor', phone: '+49-30-1000', via: 'rotation', from: '2026-12-30T23:00:00.000Z' });
    expect(entries[1]).toMatchObject({
      team: 'desk',
      onCall: {
        kind: 'team',
        id: 'desk',
        phone: '+1-555-0001',
        members: [
          { id: 'bob', name: 'Bob Berg' },
          { id: 'cy', name: 'Cy, the Third', phone: '+1-555-0300' },
        ],
      },
    });
    const now = JSON.parse(opsbook(['oncall', '--at', '2026-12-16T20:00:00Z', '--json', '--team', 'ops'], { cwd }).stdout) as { onCall: unknown }[];
    expect(now).toEqual([expect.objectContaining({ onCall: { kind: 'person', id: 'cy', name: 'Cy, the Third', phone: '+1-555-0300', via: 'override' } })]);
  });
  it('filters by tier and prints the next 7 days with the gap', () => {
    const r = opsbook(['oncall', '--tier', 'II', '--week', '--at', '2026-12-27T23:00:00Z', '--tz', 'Europe/Berlin'], { cwd });
    expect(r.status).toBe(0);
    expect(r.stdout).not.toContain('Desk');
    expect(r.stdout).toContain(
      'Ops (Tier II)\n  Mon 2026-12-28 00:00 – Mon 2026-12-28 09:00  Cy, the Third +1-555-0300\n  Mon 2026-12-28 09:00 – Thu 2026-12-31 00:00  GAP: ann is away 2026-12-28…2026-12-30 during their shift; no override\n  Thu 2026-12-31 00:00 – Mon 2027-01-04 00:00  Ann Arbor +49-30-1000\n',
    );
    const json = JSON.parse(opsbook(['oncall', '--team', 'ops', '--week', '--json', '--at', '2026-12-27T23:00:00Z'], { cwd }).stdout) as {
      team: string;
      schedule: { from: string; to: string; onCall: { id: string } | null; reason?: string }[];
    }[];
    expect(json[0].schedule.map((s) => [s.from.slice(0, 16), s.onCall?.id ?? null, s.reason ?? ''])).toEqual([
      ['2026-12-27T23:00', 'cy', ''],
      ['2026-12-28T08:00', null, 'ann is away 2026-12-28…2026-12-30 during their shift; no override'],
      ['2026-12-30T23:00', 'ann', ''],
    ]);
  });
  it('writes 12 weeks of shifts as RFC 5545 in UTC with stable UIDs', () => {
    const at = '2026-12-16T12:00:00Z';
    const text = opsbook(['oncall', '--ics', 'ops', '--at', at], { cwd }).stdout;
    expect(text).toMatch(/^BEGIN:VCALENDAR\r\n/);
    expect(text.split('\r\n').every((line) => Buffer.byteLength(line) <= 75)).toBe(true);
    const calendar = new ICAL.Component(ICAL.parse(text));
    const events = calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    const first = events[0];
    expect(first.summary).toBe('On call: Bob Berg (Ops)');
    expect(first.startDate.toJSDate().toISOString()).toBe('2026-12-14T08:00:00.000Z'); // the whole shift, begun before --at
    expect(first.endDate.toJSDate().toISOString()).toBe('2026-12-16T17:00:00.000Z');
    expect(first.startDate.zone?.tzid).toBe('UTC');
    expect(text).toContain('DTSTART:20261214T080000Z\r\n');
    expect(events[1].summary).toBe('On call: Cy, the Third (Ops)');
    expect(events[1].description).toContain('(override)');
    const last = events.at(-1)!;
    expect(last.startDate.toJSDate().getTime()).toBeLessThan(Date.parse(at) + 84 * 86_400_000);
    expect(last.endDate.toJSDate().getTime()).toBeGreaterThan(Date.parse(at) + 83 * 86_400_000);
    expect(new Set(events.map((e) => e.uid)).size).toBe(events.length);
    // A day later the same shifts keep their UIDs.
    const later = new ICAL.Component(ICAL.parse(opsbook(['oncall', '--ics', 'ops', '--at', '2026-12-17T12:00:00Z'], { cwd }).stdout));
    const uids = later.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v).uid);
    expect(uids.slice(0, 5)).toEqual(events.slice(2, 7).map((e) => e.uid));
  });
  it('says what is wrong with a bad team, tier, time or an --ics team without rotation', () => {
    const team = opsbook(['oncall', '--team', 'opz'], { cwd });
    expect(team.status).toBe(2);
    expect(team.stderr).toContain('Unknown team `opz`; expected one of `ops`, `desk`');
    expect(opsbook(['oncall', '--tier', 'IV'], { cwd }).stderr).toContain('--tier takes I, II or III');
    expect(opsbook(['oncall', '--at', 'soon'], { cwd }).status).toBe(2);
    for (const at of ['1', '2026-12-24T24:00', '2026-02-30', 'Dec 24 2026']) {
      const r = opsbook(['oncall', '--at', at], { cwd });
      expect(r.stderr, at).toContain(`opsbook oncall: --at takes an ISO 8601 time such as 2026-12-24T03:00:00+01:00, not \`${at}\``);
      expect(r.status, at).toBe(2);
    }
    for (const extra of [['--week'], ['--json'], ['--team', 'desk'], ['--tier', 'I']]) {
      const both = opsbook(['oncall', '--ics', 'ops', ...extra], { cwd });
      expect(both.stderr, extra[0]).toContain("--ics writes one team's calendar; it does not combine with --json, --week, --team or --tier");
      expect(both.status, extra[0]).toBe(2);
    }
    const ics = opsbook(['oncall', '--ics', 'desk'], { cwd });
    expect(ics.status).toBe(2);
    expect(ics.stderr).toContain('Team `desk` has no rotation');
    const none = opsbook(['oncall'], { cwd: mkdtempSync(join(tmpdir(), 'opsbook-oncall-none-')) });
    expect(none.status).toBe(2);
    expect(none.stderr).toContain('runbooks/org.yaml:1:1: No org file `runbooks/org.yaml`');
  });
  it('leaves out an override whose date does not exist, says so, and answers; the audit too', () => {
    const dir = workspace();
    const file = join(dir, 'runbooks', 'org.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('from: "2026-12-16T18:00"', 'from: "2026-13-16T18:00"'));
    const r = opsbook(['oncall', '--team', 'ops', '--at', '2026-12-16T20:00:00+01:00'], { cwd: dir });
    expect(r.stderr).toBe('Warning: the org file has 1 check error; entries with errors are left out (see `opsbook check`).\n');
    expect(r.stdout).toContain('Bob Berg (no phone), until Mon 2026-12-21 08:00');
    expect(r.status).toBe(0);
    const a = opsbook(['audit', '--at', '2026-12-16T20:00:00+01:00', '--json', '--log-dir', join(dir, 'logs')], { cwd: dir });
    expect(a.stderr).not.toContain('internal error');
    expect((JSON.parse(a.stdout) as { oncall: unknown }).oncall).toBeDefined();
  });
  it("reads a time without an offset on the clock of --tz, whatever the machine's zone", () => {
    const local = (tz: string) =>
      opsbook(['oncall', '--team', 'ops', '--at', '2026-12-16T18:30', '--tz', 'Europe/Berlin', '--json'], { cwd, env: { TZ: tz } }).stdout;
    const exact = opsbook(['oncall', '--team', 'ops', '--at', '2026-12-16T18:30:00+01:00', '--json'], { cwd }).stdout;
    expect((JSON.parse(exact) as { onCall: { id: string } }[])[0].onCall.id).toBe('cy'); // the override from 18:00 Berlin time
    expect(local('America/New_York')).toBe(exact);
    expect(local('Asia/Tokyo')).toBe(exact);
  });
  it('prints usage, options and examples', () => {
    expect(opsbook(['oncall', '--help']).stdout).toBe(readFileSync(join(import.meta.dirname, '..', 'cli', 'help', 'oncall.txt'), 'utf8'));
  });
});

describe('opsbook oncall on the bundled manual', () => {
  it('finds Matt away in his on-call week, Tomas covering Christmas', () => {
    const gap = JSON.parse(opsbook(['oncall', '--team', 'messaging-ops', '--at', '2026-12-27T12:00:00Z', '--json']).stdout) as {
      onCall: unknown;
      reason: string;
      next: { id: string };
    }[];
    expect(gap[0]).toMatchObject({
      onCall: null,
      reason: 'mberg is away 2026-12-24…2027-01-03 during their shift; no override',
      until: '2026-12-28T08:00:00.000Z',
      next: { id: 'akhan', via: 'rotation' },
    });
    const christmas = JSON.parse(opsbook(['oncall', '--team', 'messaging-ops', '--at', '2026-12-25T12:00:00Z', '--json']).stdout) as { onCall: unknown }[];
    expect(christmas[0].onCall).toMatchObject({ id: 'tnovak', name: 'Tomas Novak', phone: '+49-30-5550-2103', via: 'override' });
    const noc = JSON.parse(opsbook(['oncall', '--tier', 'I', '--at', '2026-11-29T22:30:00Z', '--json']).stdout) as {
      team: string;
      onCall: { id: string } | null;
    }[];
    expect(noc.find((e) => e.team === 'noc')!.onCall).toMatchObject({ kind: 'person', id: 'lwu' });
  });
});
