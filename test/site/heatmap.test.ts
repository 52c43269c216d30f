// The audit page's heat-map layout: one row per tier or team, one cell per hour, gaps counted.
import { describe, expect, it } from 'vitest';
import { heatmapLayout } from '../../src/audit/heatmap.ts';

describe('heatmapLayout', () => {
  const hours = Array.from({ length: 168 }, (_, h) => (h < 24 ? [] : ['Ann']));
  const map = heatmapLayout([{ label: 'NOC (Tier I)', hours }]);

  it('labels each row with its gap hours and each cell with who is on duty', () => {
    expect(map.rows[0].label).toBe('NOC (Tier I) (24 h gap)');
    expect(map.rows[0].cells).toHaveLength(168);
    expect(map.rows[0].cells[23]).toEqual({ x: 260 + 23 * 6, gap: true, title: 'Mon 23:00 NOC (Tier I): nobody on duty' });
    expect(map.rows[0].cells[24]).toEqual({ x: 260 + 24 * 6, gap: false, title: 'Tue 00:00 NOC (Tier I): Ann' });
  });

  it('puts the seven days a day apart', () => {
    expect(map.days.map((d) => d.label)).toEqual(['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']);
    expect(map.days[1].x - map.days[0].x).toBe(24 * 6);
    expect(map.width).toBe(260 + 168 * 6 + 10);
  });
});
