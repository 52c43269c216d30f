// What every audit check reads, computed once: the runbooks (with or without check errors),
// the week's hours, each team's on-call timeline over the period, reach and evidence.
import type { Catalog, Runbook, Tier } from '../model.ts';
import { timeline } from '../oncall/timeline.ts';
import type { AuditRun, UnverifiedLog } from './trust.ts';
import type { AuditContext, AuditOptions, Evidence, OrgPolicy, Reach } from './types.ts';
import { combine } from './dated.ts';
import { intervals, teamGrid, weekHours } from './week.ts';

const DAY = 86_400_000;

export function orgPolicy(catalog: Catalog): OrgPolicy {
  const policy = catalog.org?.raw.policy;
  return policy && typeof policy === 'object' ? policy : {};
}

/** The audit's options at `at`, from the org's policy; command-line values win where given. */
export function policyOptions(
  catalog: Catalog,
  at: Date,
  tz: string,
  given: { exerciseDays?: number; busFactorPercent?: number; days?: number } = {},
): AuditOptions {
  const policy = orgPolicy(catalog);
  return {
    at,
    tz,
    busFactorShare: (given.busFactorPercent ?? policy.bus_factor_percent ?? 25) / 100,
    dueSoonDays: 14,
    exerciseDays: given.exerciseDays ?? policy.exercise_days ?? 90,
    ...(given.days !== undefined ? { days: given.days } : {}),
    ...(policy.backup_not_only_teammate ? { backupNotOnlyTeammate: true } : {}),
    ...(policy.review_max_days ? { reviewMaxDays: policy.review_max_days } : {}),
  };
}

function memo<T>(compute: (r: Runbook) => T): (r: Runbook) => T {
  const cache = new Map<string, T>();
  return (r) => {
    if (!cache.has(r.path)) cache.set(r.path, compute(r));
    return cache.get(r.path)!;
  };
}

export function auditContext(catalog: Catalog, runs: AuditRun[], unverified: UnverifiedLog[], options: AuditOptions): AuditContext {
  const org = catalog.org;
  const days = options.days ?? 28;
  const tiers24x7: Tier[] = options.tiers24x7 ?? orgPolicy(catalog).tiers_24x7 ?? ['I', 'II'];
  const people = new Map((org?.people ?? []).map((p) => [p.id, p]));
  const errors = new Map<string, number>();
  for (const d of catalog.diagnostics) if (d.severity === 'error') errors.set(d.path, (errors.get(d.path) ?? 0) + 1);
  const period = { from: options.at, to: new Date(options.at.getTime() + days * DAY) };
  const timelines = new Map((org?.teams ?? []).map((t) => [t.id, timeline(org!, t, period.from, period.to)]));
  const hours = weekHours(options.at, options.tz);
  const trusted = runs.filter((r) => r.verified && r.mode !== 'dry-run');
  // A team's hours on duty, reckoned once per team: runbooks share their escalation teams.
  const teamGrids = new Map<string, boolean[]>();
  const gridOf = (id: string): boolean[] => {
    let grid = teamGrids.get(id);
    if (!grid) {
      const team = org?.teams.find((t) => t.id === id);
      grid = team ? teamGrid(team, hours) : hours.map(() => false);
      teamGrids.set(id, grid);
    }
    return grid;
  };
  const reach = memo((r): Reach => {
    const grids = r.meta.escalation.map((l) => gridOf(l.team));
    const firstLevel = hours.map((_, h) => grids.findIndex((g) => g[h]) + 1);
    const teams = r.meta.escalation.map((l) => timelines.get(l.team));
    const dated =
      teams.length && teams.every((t) => t !== undefined)
        ? combine(teams).filter((p) => p.states.every((x) => x.state !== 'on') && p.states.some((x) => x.state === 'gap'))
        : [];
    return { grids, firstLevel, nobody: intervals(firstLevel.map((l) => l === 0)), dated };
  });
  const evidence = memo((r): Evidence => {
    const history = trusted.filter((h) => h.runbookId === r.meta.id).sort((a, b) => a.startedAt.localeCompare(b.startedAt));
    const since = options.at.getTime() - options.exerciseDays * DAY;
    const succeeded = history.filter((h) => h.result === 'succeeded');
    const recent = (h: AuditRun) => Date.parse(h.startedAt) >= since && Date.parse(h.startedAt) <= options.at.getTime();
    const e: Evidence = {
      strength: succeeded.some((h) => h.signed && recent(h))
        ? 'signed'
        : succeeded.some((h) => h.mode === 'terminal' && recent(h))
          ? 'terminal'
          : succeeded.some((h) => h.mode === 'browser' && recent(h))
            ? 'self-reported'
            : 'none',
    };
    const last = history.at(-1);
    const lastRun = last?.startedAt;
    const lastSuccess = succeeded.at(-1)?.startedAt;
    const lastSuccessHosts = succeeded.at(-1)?.hosts;
    const lastTerminalSuccess = succeeded.filter((h) => h.mode === 'terminal').at(-1)?.startedAt;
    const lastBrowserRun = history.filter((h) => h.mode === 'browser').at(-1)?.startedAt;
    return {
      ...e,
      ...(lastRun ? { lastRun } : {}),
      ...(lastSuccess ? { lastSuccess } : {}),
      ...(lastTerminalSuccess ? { lastTerminalSuccess } : {}),
      ...(lastBrowserRun ? { lastBrowserRun } : {}),
      ...(last ? { lastRunResult: last.result } : {}),
      ...(last?.hosts ? { lastRunHosts: last.hosts } : {}),
      ...(lastSuccessHosts ? { lastSuccessHosts } : {}),
    };
  });
  return {
    catalog,
    org,
    options: { ...options, days, tiers24x7 },
    runbooks: catalog.runbooks.filter((r) => r.positions.size > 0),
    checkErrors: (r) => errors.get(r.path) ?? 0,
    person: (id) => people.get(id),
    name: (id) => people.get(id)?.name ?? id,
    hours,
    today: options.at.toISOString().slice(0, 10),
    period,
    timelines,
    reach,
    evidence,
    runs,
    unverified,
  };
}
