// Hours on call over the audit period: per person and month (in the display zone), and how
// evenly each rotation shares them out.
import { zonedInstant } from '../coverage/clock.ts';
import { monthOf } from './dated.ts';
import type { AuditContext } from './types.ts';

export interface OncallHours {
  /** Hours each person holds a pager, per month (`YYYY-MM` in the display zone). */
  people: { id: string; name: string; month: string; hours: number }[];
  /** For each team with a rotation: each member's hours over the period, and the spread. */
  rotations: { team: string; name: string; members: { id: string; hours: number }[]; spread: number }[];
}

const round = (h: number) => Math.round(h * 10) / 10;

/** [from, to) cut at the first of each month in `tz`. */
function byMonth(from: Date, to: Date, tz: string): { month: string; ms: number }[] {
  const out: { month: string; ms: number }[] = [];
  let start = from;
  while (start < to) {
    const [y, m] = monthOf(start, tz).split('-').map(Number) as [number, number];
    const next = zonedInstant(`${m === 12 ? y + 1 : y}-${String(m === 12 ? 1 : m + 1).padStart(2, '0')}-01`, '00:00', tz);
    const end = next < to ? next : to;
    out.push({ month: monthOf(start, tz), ms: end.getTime() - start.getTime() });
    start = end;
  }
  return out;
}

export function oncallHours(ctx: AuditContext): OncallHours {
  const perMonth = new Map<string, number>();
  const perTeam = new Map<string, Map<string, number>>();
  for (const [team, segments] of ctx.timelines) {
    for (const s of segments) {
      if (s.state !== 'on' || s.holder?.kind !== 'person') continue;
      const id = s.holder.id;
      for (const part of byMonth(s.from, s.to, ctx.options.tz))
        perMonth.set(`${id}\u0000${part.month}`, (perMonth.get(`${id}\u0000${part.month}`) ?? 0) + part.ms);
      const members = perTeam.get(team) ?? new Map<string, number>();
      members.set(id, (members.get(id) ?? 0) + s.to.getTime() - s.from.getTime());
      perTeam.set(team, members);
    }
  }
  const people = [...perMonth]
    .map(([key, ms]) => {
      const [id, month] = key.split('\u0000') as [string, string];
      return { id, name: ctx.name(id), month, hours: round(ms / 3_600_000) };
    })
    .sort((a, b) => a.id.localeCompare(b.id) || a.month.localeCompare(b.month));
  const rotations = (ctx.org?.teams ?? [])
    .filter((t) => t.rotation)
    .map((t) => {
      const held = perTeam.get(t.id) ?? new Map<string, number>();
      const members = t.rotation!.members.map((id) => ({ id, hours: round((held.get(id) ?? 0) / 3_600_000) }));
      const hours = members.map((m) => m.hours);
      return { team: t.id, name: t.name, members, spread: hours.length ? round(Math.max(...hours) - Math.min(...hours)) : 0 };
    });
  return { people, rotations };
}
