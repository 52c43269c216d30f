// The manager's audit over one catalog and the run logs: every check of the registry run
// over one context, then the report's tables (rubric, load, coverage, hours on call).
import type { Catalog } from '../model.ts';
import { auditContext } from './context.ts';
import { oncallHours, type OncallHours } from './hours.ts';
import { AUDIT_RULES } from './registry.ts';
import type { AuditRun, UnverifiedLog } from './trust.ts';
import type { AuditOptions, Evidence, Finding, FindingSeverity } from './types.ts';
import { tierGrid } from './week.ts';

export { orgPolicy, policyOptions } from './context.ts';
export type { AuditOptions, Finding, FindingSeverity, OrgPolicy } from './types.ts';

export interface RunbookAudit {
  id: string;
  title: string;
  tier: string;
  service: string;
  path: string;
  /** Errors `opsbook check` reports in the runbook's file (such a runbook grades `none`). */
  checkErrors: number;
  rubric: 'none' | 'bronze' | 'silver' | 'gold';
  reachable24x7: boolean;
  /** For each hour of the week, the first escalation level (1-based) with someone on duty, 0 for nobody. */
  firstLevel: number[];
  /** The strongest evidence of a successful run within the exercise period. */
  evidence: Evidence['strength'];
  lastRun?: string;
  lastSuccess?: string;
  lastTerminalSuccess?: string;
  lastBrowserRun?: string;
  lastRunResult?: Evidence['lastRunResult'];
  /** A run with fleet steps counts as one run: these are its hosts, each counted once. */
  lastRunHosts?: Evidence['lastRunHosts'];
  lastSuccessHosts?: Evidence['lastSuccessHosts'];
}

export interface AuditReport {
  at: string;
  tz: string;
  weekStart: string;
  /** The dated period of the on-call checks: [at, until). */
  until: string;
  tiers24x7: string[];
  /** Recovery runbooks must have run within this many days (gold needs a terminal run or a signed record in them). */
  exerciseDays: number;
  findings: Finding[];
  /** Tier → for each hour, the teams on duty. */
  coverage: Record<string, string[][]>;
  runbooks: RunbookAudit[];
  people: { id: string; name: string; owns: number; backs: number }[];
  /** Rubric counts per service: how many of its runbooks reach each grade. */
  services: { id: string; name: string; rubric: Record<RunbookAudit['rubric'], number> }[];
  oncall: OncallHours;
}

const ORDER: Record<FindingSeverity, number> = { error: 0, warning: 1, info: 2 };

export function audit(catalog: Catalog, runs: AuditRun[], unverified: UnverifiedLog[], options: AuditOptions): AuditReport {
  const ctx = auditContext(catalog, runs, unverified, options);
  const findings: Finding[] = [];
  for (const rule of AUDIT_RULES) {
    rule.check(ctx, (subject, message, runbook) => {
      const f: Finding = { check: rule.id, severity: rule.severity, subject, message };
      if (runbook) {
        const errors = ctx.checkErrors(runbook);
        f.path = runbook.path;
        f.checkErrors = errors;
        if (errors) f.message += ` (the runbook also fails \`opsbook check\`: ${errors} error${errors === 1 ? '' : 's'})`;
      }
      findings.push(f);
    });
  }
  findings.sort((a, b) => ORDER[a.severity] - ORDER[b.severity] || a.check.localeCompare(b.check) || a.subject.localeCompare(b.subject));
  const results: RunbookAudit[] = ctx.runbooks.map((r) => {
    const reach = ctx.reach(r);
    const evidence = ctx.evidence(r);
    const checkErrors = ctx.checkErrors(r);
    const owned = Boolean(ctx.person(r.meta.owner)?.active && ctx.person(r.meta.backup_owner)?.active && r.meta.owner !== r.meta.backup_owner);
    const reviewed = r.meta.review.due !== '' && r.meta.review.due >= ctx.today;
    const reachable = reach.nobody.length === 0;
    // Silver needs a path that reaches someone at every hour of the week and, through absences, over the whole period.
    const rubric =
      checkErrors || !owned
        ? 'none'
        : !(reviewed && reachable && reach.dated.length === 0)
          ? 'bronze'
          : evidence.strength === 'terminal' || evidence.strength === 'signed'
            ? 'gold'
            : 'silver';
    const { strength, ...dates } = evidence;
    return {
      id: r.meta.id,
      title: r.meta.title,
      tier: r.meta.tier,
      service: r.meta.service,
      path: r.path,
      checkErrors,
      rubric,
      reachable24x7: reachable,
      firstLevel: reach.firstLevel,
      evidence: strength,
      ...dates,
    };
  });
  const load = (ctx.org?.people ?? [])
    .filter((p) => p.active)
    .map((p) => ({
      id: p.id,
      name: p.name,
      owns: ctx.runbooks.filter((r) => r.meta.owner === p.id).length,
      backs: ctx.runbooks.filter((r) => r.meta.backup_owner === p.id).length,
    }));
  const coverage: Record<string, string[][]> = {};
  for (const tier of ['I', 'II', 'III']) coverage[tier] = tierGrid(ctx.org ?? ({ teams: [] } as never), tier, ctx.hours);
  const services = (ctx.org?.services ?? []).map((svc) => {
    const rubric = { gold: 0, silver: 0, bronze: 0, none: 0 };
    for (const r of results) if (r.service === svc.id) rubric[r.rubric]++;
    return { id: svc.id, name: svc.name, rubric };
  });
  return {
    services,
    at: options.at.toISOString(),
    tz: options.tz,
    weekStart: ctx.hours[0] ? new Date(ctx.hours[0].getTime() - 1_800_000).toISOString() : '',
    until: ctx.period.to.toISOString(),
    tiers24x7: ctx.options.tiers24x7,
    exerciseDays: ctx.options.exerciseDays,
    findings,
    coverage,
    runbooks: results,
    people: load,
    oncall: oncallHours(ctx),
  };
}
