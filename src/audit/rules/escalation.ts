// Escalation reachability: at every hour of the week a runbook's path reaches someone, and
// over the coming days absences do not leave the whole path without anyone on call.
import { datedText, joinBy } from '../dated.ts';
import type { AuditRule } from '../types.ts';
import { intervals, intervalText } from '../week.ts';
import { why } from './coverage.ts';

export const escalationRules: AuditRule[] = [
  {
    id: 'escalation-unreachable',
    severity: 'error',
    description: "At some hour of the week, or in a dated stretch of the next `--days`, the runbook's whole escalation path reaches nobody.",
    check(ctx, report) {
      for (const r of ctx.runbooks) {
        const { nobody, dated } = ctx.reach(r);
        if (nobody.length) report(r.meta.id, `The escalation path reaches nobody ${nobody.map(intervalText).join(', ')} (${ctx.options.tz})`, r);
        const teams = r.meta.escalation.map((l) => l.team);
        for (const g of joinBy(dated, (p) => p.states.map((s, i) => why(ctx, teams[i], s)).join('; '))) {
          report(r.meta.id, `The escalation path reaches nobody ${datedText(g.from, g.to, ctx.options.tz)} (${ctx.options.tz}): ${g.label}`, r);
        }
      }
    },
  },
  {
    id: 'escalation-first-level-gap',
    severity: 'info',
    description: 'The first level is unstaffed at some hours; help then comes from a later level after its delay.',
    check(ctx, report) {
      for (const r of ctx.runbooks) {
        const { firstLevel, nobody } = ctx.reach(r);
        const late = intervals(firstLevel.map((l) => l > 1));
        if (!late.length || nobody.length) continue;
        const worst = Math.max(...firstLevel);
        const delay = r.meta.escalation[worst - 1]?.afterMinutes ?? 0;
        report(
          r.meta.id,
          `Level 1 (${r.meta.escalation[0].team}) is unstaffed ${late.map(intervalText).join(', ')}; help then comes from level ${worst} after ${delay} min`,
          r,
        );
      }
    },
  },
  {
    id: 'escalation-level-gap',
    severity: 'warning',
    description: 'A later escalation level runs an on-call rota with holes: the path skips it at those hours.',
    check(ctx, report) {
      for (const r of ctx.runbooks) {
        ctx.reach(r).grids.forEach((g, i) => {
          const team = r.meta.escalation[i].team;
          const off = intervals(g.map((on) => !on));
          const rota = ctx.org?.teams.find((t) => t.id === team)?.coverage.some((w) => w.from > w.to) ?? false;
          if (i > 0 && off.length && rota) report(r.meta.id, `Level ${i + 1} (${team}) is skipped ${off.map(intervalText).join(', ')}: nobody on its rota`, r);
        });
      }
    },
  },
];
