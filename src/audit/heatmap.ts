// The coverage heat-map's content, computed at build time: one grid per tier (any of its teams)
// and per team, a row per day and a cell per hour, each with the text a reader gets for it
// (who is reachable then, or why nobody is). The site's Heatmap component draws it.
import { TIERS } from '../model.ts';
import { whoText, type TeamHour, type WeekReach } from './reachable.ts';

export interface HeatCell {
  /** Nobody on duty this hour. */
  gap: boolean;
  /** `Mon 09:00 Network Operations Center (Tier I): Karim Dubois (on call)`, or `…: nobody on duty …`. */
  text: string;
}

export interface HeatGrid {
  id: string;
  label: string;
  /** Hours of the week with nobody on duty. */
  gapHours: number;
  /** Seven rows of 24 cells. */
  days: { name: string; date: string; dayOfMonth: string; cells: HeatCell[] }[];
}

const clock = (h: number) => `${String(h % 24).padStart(2, '0')}:00`;

function grid(week: WeekReach, id: string, label: string, cell: (h: number) => { gap: boolean; who: string }): HeatGrid {
  const days = week.days.map((day, d) => ({
    ...day,
    cells: Array.from({ length: 24 }, (_, hour) => {
      const { gap, who } = cell(d * 24 + hour);
      return { gap, text: `${day.name} ${clock(hour)} ${label}: ${who}` };
    }),
  }));
  return { id, label, gapHours: days.reduce((n, d) => n + d.cells.filter((c) => c.gap).length, 0), days };
}

function tierWho(teams: { name: string; hour: TeamHour }[]): string {
  const on = teams.filter((t) => t.hour.state === 'on');
  return on.length ? on.map((t) => `${t.name}: ${whoText(t.hour)}`).join('; ') : 'nobody on duty';
}

export function heatmapGrids(week: WeekReach): HeatGrid[] {
  const tiers = TIERS.filter((tier) => week.teams.some((t) => t.tier === tier)).map((tier) => {
    const teams = week.teams.filter((t) => t.tier === tier);
    return grid(week, `tier-${tier}`, `Tier ${tier} (all teams)`, (h) => {
      const hour = teams.map((t) => ({ name: t.name, hour: t.hours[h] }));
      return { gap: hour.every((t) => t.hour.state !== 'on'), who: tierWho(hour) };
    });
  });
  const teams = week.teams.map((t) =>
    grid(week, `team-${t.id}`, `${t.name} (Tier ${t.tier})`, (h) => ({ gap: t.hours[h].state !== 'on', who: whoText(t.hours[h]) })),
  );
  return [...tiers, ...teams];
}
