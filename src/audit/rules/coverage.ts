// Coverage: the tiers that must answer around the clock (policy.tiers_24x7) do so in every
// hour of the week, rotas have no holes, and over the coming days somebody actually holds
// each pager: a gap is dated and names its cause.
import { TIERS } from '../../model.ts';
import type { Segment } from '../../oncall/timeline.ts';
import { combine, datedText, joinBy } from '../dated.ts';
import type { AuditContext, AuditRule } from '../types.ts';
import { intervals, intervalText, teamGrid, tierGrid } from '../week.ts';

const rota = (ctx: AuditContext, teamId: string) => ctx.org?.teams.find((t) => t.id === teamId)?.coverage.some((w) => w.from > w.to) ?? false;

function teamName(ctx: AuditContext, id: string): string {
  return ctx.org?.teams.find((t) => t.id === id)?.name ?? id;
}

/** Why a team has nobody in a stretch, in words. */
export function why(ctx: AuditContext, teamId: string, s: Segment): string {
  return `${teamName(ctx, teamId)}: ${s.state === 'off' ? 'outside its coverage windows' : (s.cause ?? 'nobody')}`;
}

export const coverageRules: AuditRule[] = [
  {
    id: 'tier-coverage-gap',
    severity: 'error',
    description: 'A tier of `policy.tiers_24x7` (default I and II) has no team on duty at some hour of the week.',
    check(ctx, report) {
      if (!ctx.org) return;
      for (const tier of TIERS.filter((t) => ctx.options.tiers24x7.includes(t))) {
        const gaps = intervals(tierGrid(ctx.org, tier, ctx.hours).map((teams) => teams.length === 0));
        if (gaps.length) report(`Tier ${tier}`, `Tier ${tier} has nobody on duty ${gaps.map(intervalText).join(', ')} (${ctx.options.tz})`);
      }
    },
  },
  {
    id: 'team-coverage-gap',
    severity: 'warning',
    description: 'A team that runs an on-call rota (a window past midnight) leaves hours of the week uncovered.',
    check(ctx, report) {
      for (const team of ctx.org?.teams ?? []) {
        const gaps = intervals(teamGrid(team, ctx.hours).map((on) => !on));
        if (gaps.length && rota(ctx, team.id))
          report(team.id, `${team.name} runs an on-call rota but has nobody ${gaps.map(intervalText).join(', ')} (${ctx.options.tz})`);
      }
    },
  },
  {
    id: 'team-oncall-gap',
    severity: 'warning',
    description: 'Over the next `--days`, a team is due to answer but nobody holds its pager (an absence with no override, a leaver in the rotation).',
    check(ctx, report) {
      for (const team of ctx.org?.teams ?? []) {
        for (const s of (ctx.timelines.get(team.id) ?? []).filter((x) => x.state === 'gap')) {
          report(team.id, `${team.name} has nobody on call ${datedText(s.from, s.to, ctx.options.tz)} (${ctx.options.tz}): ${s.cause ?? 'nobody'}`);
        }
      }
    },
  },
  {
    id: 'tier-oncall-gap',
    severity: 'error',
    description: 'Over the next `--days`, a tier of `policy.tiers_24x7` has nobody on call because of absences or leavers.',
    check(ctx, report) {
      for (const tier of TIERS.filter((t) => ctx.options.tiers24x7.includes(t))) {
        const teams = (ctx.org?.teams ?? []).filter((t) => t.tier === tier);
        if (!teams.length) continue;
        const pieces = combine(teams.map((t) => ctx.timelines.get(t.id) ?? [])).filter(
          (p) => p.states.every((s) => s.state !== 'on') && p.states.some((s) => s.state === 'gap'),
        );
        for (const g of joinBy(pieces, (p) => p.states.map((s, i) => why(ctx, teams[i].id, s)).join('; '))) {
          report(`Tier ${tier}`, `Tier ${tier} has nobody on call ${datedText(g.from, g.to, ctx.options.tz)} (${ctx.options.tz}): ${g.label}`);
        }
      }
    },
  },
  {
    id: 'oncall-no-phone',
    severity: 'warning',
    description: 'Someone holds a pager over the next `--days` but has no phone number in org.yaml.',
    check(ctx, report) {
      const teamsOf = new Map<string, Set<string>>();
      for (const [team, segments] of ctx.timelines) {
        for (const s of segments)
          if (s.state === 'on' && s.holder?.kind === 'person') teamsOf.set(s.holder.id, (teamsOf.get(s.holder.id) ?? new Set()).add(teamName(ctx, team)));
      }
      for (const [id, teams] of [...teamsOf].sort(([a], [b]) => a.localeCompare(b))) {
        if (!ctx.person(id)?.contact.phone)
          report(id, `${ctx.name(id)} is on call for ${[...teams].join(', ')} in the next ${ctx.options.days} days but has no phone number in org.yaml`);
      }
    },
  },
];
