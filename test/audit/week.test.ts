// The time arithmetic behind "who is on duty" and the coverage audit.
import { describe, expect, it } from 'vitest';
import { windowCovers } from '../../src/coverage/clock.ts';
import { intervals, teamGrid, weekHours, weekStart } from '../../src/audit/week.ts';
import type { CoverageWindow, Team } from '../../src/model.ts';

const team = (coverage: CoverageWindow[]): Team => ({ id: 't', name: 'T', tier: 'II', members: ['a'], contact: {}, coverage });
const at = (iso: string) => new Date(iso);

describe('windowCovers', () => {
  const night: CoverageWindow = { days: ['fri'], from: '22:00', to: '06:00', tz: 'Europe/Berlin' };
  it('runs a window past midnight into the next day, and not into the day after', () => {
    expect(windowCovers(night, at('2026-11-27T21:30:00Z'))).toBe(true); // Fri 22:30 Berlin
    expect(windowCovers(night, at('2026-11-28T04:30:00Z'))).toBe(true); // Sat 05:30
    expect(windowCovers(night, at('2026-11-28T05:30:00Z'))).toBe(false); // Sat 06:30
    expect(windowCovers(night, at('2026-11-26T21:30:00Z'))).toBe(false); // Thu 22:30
  });
  it('wraps Sunday night into Monday (the end of the week)', () => {
    const sunday: CoverageWindow = { days: ['sun'], from: '20:00', to: '02:00', tz: 'UTC' };
    expect(windowCovers(sunday, at('2026-11-30T01:00:00Z'))).toBe(true); // Mon 01:00
  });
  it('keeps wall-clock hours across a DST change in Europe and in the US', () => {
    const berlin: CoverageWindow = { days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], from: '08:00', to: '09:00', tz: 'Europe/Berlin' };
    expect(windowCovers(berlin, at('2026-03-28T07:30:00Z'))).toBe(true); // Sat before: CET, 08:30
    expect(windowCovers(berlin, at('2026-03-30T06:30:00Z'))).toBe(true); // Mon after: CEST, 08:30
    expect(windowCovers(berlin, at('2026-03-30T07:30:00Z'))).toBe(false); // 09:30 CEST
    const ny: CoverageWindow = { days: ['sun'], from: '01:00', to: '04:00', tz: 'America/New_York' };
    // 2026-11-01: 02:00 EDT falls back to 01:00 EST; 01:30 happens twice, 03:30 is EST.
    expect(windowCovers(ny, at('2026-11-01T05:30:00Z'))).toBe(true); // 01:30 EDT
    expect(windowCovers(ny, at('2026-11-01T06:30:00Z'))).toBe(true); // 01:30 EST
    expect(windowCovers(ny, at('2026-11-01T09:30:00Z'))).toBe(false); // 04:30 EST
  });
  it('treats 24:00 as the end of the day', () => {
    expect(windowCovers({ days: ['mon'], from: '00:00', to: '24:00', tz: 'UTC' }, at('2026-11-30T23:59:00Z'))).toBe(true);
  });
});

describe('the week grid', () => {
  it('starts on Monday 00:00 of the display zone', () => {
    expect(weekStart(at('2026-11-25T12:00:00Z'), 'Europe/Berlin').toISOString()).toBe('2026-11-22T23:00:00.000Z');
    expect(weekStart(at('2026-11-25T12:00:00Z'), 'UTC').toISOString()).toBe('2026-11-23T00:00:00.000Z');
    expect(weekHours(at('2026-03-29T12:00:00Z'), 'Europe/Berlin')).toHaveLength(168);
  });
  it('finds the Sunday-night gap of an on-call rota, joined across the week end', () => {
    const rota = team([
      { days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '08:00', to: '18:00', tz: 'Europe/Berlin' },
      { days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '18:00', to: '08:00', tz: 'Europe/Berlin' },
      { days: ['sat'], from: '08:00', to: '24:00', tz: 'Europe/Berlin' },
      { days: ['sun'], from: '00:00', to: '22:00', tz: 'Europe/Berlin' },
    ]);
    const grid = teamGrid(rota, weekHours(at('2026-11-25T12:00:00Z'), 'Europe/Berlin'));
    expect(intervals(grid.map((on) => !on))).toEqual([{ from: 166, to: 168 + 8 }]);
    // Shown in New York, the same gap is Sunday 16:00 to Monday 02:00.
    const ny = teamGrid(rota, weekHours(at('2026-11-25T12:00:00Z'), 'America/New_York'));
    expect(intervals(ny.map((on) => !on))).toEqual([{ from: 160, to: 170 }]);
  });
  it('reports an empty team as never on duty and a 24x7 team as always', () => {
    const hours = weekHours(at('2026-11-25T12:00:00Z'), 'UTC');
    expect(teamGrid(team([]), hours).every((on) => !on)).toBe(true);
    expect(
      teamGrid(team([{ days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], from: '00:00', to: '24:00', tz: 'Asia/Kolkata' }]), hours).every(Boolean),
    ).toBe(true);
  });
});
