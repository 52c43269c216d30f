// The coverage heat-map's layout, computed at build time: one row per tier or team, one cell
// per hour of the week, each with its position and the text a reader gets for it. The site's
// Heatmap component (site/components/Heatmap.astro) draws it as SVG.
import { HOURS } from './week.ts';

export interface HeatRow {
  label: string;
  /** For each of the 168 hours, who is on duty (empty: nobody). */
  hours: string[][];
}

export interface HeatCell {
  x: number;
  /** Nobody on duty this hour. */
  gap: boolean;
  /** `Mon 09:00 NOC: Ann, Bob` or `… nobody on duty`. */
  title: string;
}

export interface HeatmapLayout {
  width: number;
  height: number;
  cell: number;
  days: { label: string; x: number }[];
  rows: { y: number; label: string; cells: HeatCell[] }[];
}

const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const CELL = 6;
const ROW = 22;
const LABEL = 260;

export function heatmapLayout(rows: HeatRow[]): HeatmapLayout {
  return {
    width: LABEL + HOURS * CELL + 10,
    height: 30 + rows.length * ROW + 10,
    cell: CELL,
    days: DAYS.map((label, d) => ({ label, x: LABEL + d * 24 * CELL })),
    rows: rows.map((row, r) => {
      const gaps = row.hours.filter((h) => h.length === 0).length;
      return {
        y: 26 + r * ROW,
        label: `${row.label}${gaps ? ` (${gaps} h gap)` : ''}`,
        cells: row.hours.map((who, h) => ({
          x: LABEL + h * CELL,
          gap: who.length === 0,
          title: `${DAYS[Math.floor(h / 24)]} ${String(h % 24).padStart(2, '0')}:00 ${row.label}: ${who.length ? who.join(', ') : 'nobody on duty'}`,
        })),
      };
    }),
  };
}
