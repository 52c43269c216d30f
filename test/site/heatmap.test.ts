// The audit page's heat-map grids: one per tier and per team, a row per day and a cell per hour,
// gaps counted and every cell with who is reachable.
import { describe, expect, it } from 'vitest';
import { heatmapGrids } from '../../src/audit/heatmap.ts';
import type { TeamHour, WeekReach } from '../../src/audit/reachable.ts';

const names = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const week: WeekReach = {
  tz: 'UTC',
  start: '2026-11-30T00:00:00.000Z',
  days: names.map((name, d) => ({ name, date: d ? `${d} Dec` : '30 Nov', dayOfMonth: d ? String(d) : '30' })),
  now: 0,
  teams: [
    {
      id: 'noc',
      name: 'NOC',
      tier: 'I',
      hours: Array.from({ length: 168 }, (_, h): TeamHour =>
        h < 24 ? { state: 'off', people: [] } : { state: 'on', via: 'rotation', people: [{ id: 'ann', name: 'Ann' }] },
      ),
    },
  ],
};

describe('heatmapGrids', () => {
  const [tier, team] = heatmapGrids(week);

  it('counts each grid’s hours with nobody and says in each cell who is on duty', () => {
    expect(team.label).toBe('NOC (Tier I)');
    expect(team.gapHours).toBe(24);
    expect(team.days[0].cells[23]).toEqual({ gap: true, text: 'Mon 23:00 NOC (Tier I): nobody on duty (outside its hours)' });
    expect(team.days[1].cells[0]).toEqual({ gap: false, text: 'Tue 00:00 NOC (Tier I): Ann (on call)' });
  });

  it('lays the week out a day per row, with the tier first', () => {
    expect(tier.label).toBe('Tier I (all teams)');
    expect(tier.gapHours).toBe(24);
    expect(team.days.map((d) => d.name)).toEqual(names);
    expect(team.days.map((d) => d.cells.length)).toEqual([24, 24, 24, 24, 24, 24, 24]);
  });
});
