// The load each person carries, summed for the reader: runbooks owned and backed up, and
// hours holding a pager in the audit's week and over its dated period.
import type { AuditReport } from './audit.ts';
import type { WeekReach } from './reachable.ts';

export interface PersonLoad {
  id: string;
  name: string;
  owns: number;
  backs: number;
  /** Runbooks owned or backed up. */
  runbooks: number;
  /** Hours holding a pager (rotation or override) in the week of the heat-map. */
  weekHours: number;
  /** Hours holding a pager over the audit's period ([at, until)). */
  periodHours: number;
}

const round = (h: number) => Math.round(h * 10) / 10;

/** Everyone who owns, backs up or holds a pager, in the org's order. */
export function personLoad(report: Pick<AuditReport, 'people' | 'oncall'>, week: WeekReach): PersonLoad[] {
  const period = new Map<string, number>();
  for (const p of report.oncall.people) period.set(p.id, (period.get(p.id) ?? 0) + p.hours);
  const held = new Map<string, number>();
  for (const team of week.teams)
    for (const hour of team.hours) if (hour.state === 'on' && hour.via !== 'team') for (const p of hour.people) held.set(p.id, (held.get(p.id) ?? 0) + 1);
  return report.people
    .map((p) => ({
      id: p.id,
      name: p.name,
      owns: p.owns,
      backs: p.backs,
      runbooks: p.owns + p.backs,
      weekHours: held.get(p.id) ?? 0,
      periodHours: round(period.get(p.id) ?? 0),
    }))
    .filter((p) => p.runbooks + p.weekHours + p.periodHours > 0);
}
