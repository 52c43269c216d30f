// The manager's audit over one catalog and the run logs: ownership, reviews, coverage,
// escalation reachability and exercise, as findings a manager can act on.
import type { Catalog, Runbook } from '../model.ts';
import type { RunSummary } from '../log/events.ts';
import { intervals, intervalText, teamGrid, tierGrid, weekHours } from './week.ts';

export type FindingSeverity = 'error' | 'warning' | 'info';

export interface Finding {
  check: string;
  severity: FindingSeverity;
  /** What it is about: a runbook id, a person, a team or a tier. */
  subject: string;
  message: string;
}

export interface AuditOptions {
  at: Date;
  tz: string;
  /** Share of runbooks one person may own or back up before it is a finding. */
  busFactorShare: number;
  dueSoonDays: number;
  /** A recoverability runbook must have run within this many days. */
  exerciseDays: number;
  /** A backup owner who is the only other active member of the owner's team is a finding. */
  backupNotOnlyTeammate?: boolean;
  /** Longest review interval per tier, in days. */
  reviewMaxDays?: Partial<Record<'I' | 'II' | 'III', number>>;
}

/** The org file's optional `policy` section (validated by schemas/org.schema.json). */
export interface OrgPolicy {
  backup_not_only_teammate?: boolean;
  review_max_days?: Partial<Record<'I' | 'II' | 'III', number>>;
  exercise_days?: number;
  bus_factor_percent?: number;
}

export function orgPolicy(catalog: Catalog): OrgPolicy {
  const policy = catalog.org?.raw.policy;
  return policy && typeof policy === 'object' ? (policy as OrgPolicy) : {};
}

export interface RunbookAudit {
  id: string;
  title: string;
  tier: string;
  service: string;
  rubric: 'none' | 'bronze' | 'silver' | 'gold';
  reachable24x7: boolean;
  /** For each hour of the week, the first escalation level (1-based) with someone on duty, 0 for nobody. */
  firstLevel: number[];
  lastRun?: string;
  lastSuccess?: string;
  lastBrowserRun?: string;
}

export interface AuditReport {
  at: string;
  tz: string;
  weekStart: string;
  findings: Finding[];
  /** Tier → for each hour, the teams on duty. */
  coverage: Record<string, string[][]>;
  runbooks: RunbookAudit[];
  people: { id: string; name: string; owns: number; backs: number }[];
  /** Rubric counts per service: how many of its runbooks reach each grade. */
  services: { id: string; name: string; rubric: Record<RunbookAudit['rubric'], number> }[];
}

const ORDER: Record<FindingSeverity, number> = { error: 0, warning: 1, info: 2 };

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

export function audit(catalog: Catalog, runs: RunSummary[], unverified: string[], options: AuditOptions): AuditReport {
  const org = catalog.org;
  const findings: Finding[] = [];
  const add = (check: string, severity: FindingSeverity, subject: string, message: string) => findings.push({ check, severity, subject, message });
  const hours = weekHours(options.at, options.tz);
  const today = options.at.toISOString().slice(0, 10);
  const runbooks = catalog.runbooks.filter((r) => r.valid);
  const people = org?.people ?? [];
  const person = (id: string) => people.find((p) => p.id === id);
  const name = (id: string) => person(id)?.name ?? id;

  // Ownership.
  for (const r of runbooks) {
    const { owner, backup_owner: backup } = r.meta;
    if (!person(owner)) add('owner-missing', 'error', r.meta.id, `Owner \`${owner}\` is not in org.yaml`);
    else if (!person(owner)!.active) add('owner-inactive', 'error', r.meta.id, `Owner ${name(owner)} is inactive: name an active owner`);
    if (!person(backup)) add('backup-missing', 'error', r.meta.id, `Backup owner \`${backup}\` is not in org.yaml`);
    else if (!person(backup)!.active) add('backup-inactive', 'error', r.meta.id, `Backup owner ${name(backup)} is inactive: name an active backup`);
    if (owner === backup) add('backup-same', 'error', r.meta.id, 'The backup owner is the owner: nobody backs this process up');
    if (options.backupNotOnlyTeammate && owner !== backup) {
      for (const team of (org?.teams ?? []).filter((t) => t.members.includes(owner))) {
        const others = team.members.filter((m) => m !== owner && person(m)?.active);
        if (others.length === 1 && others[0] === backup) add('backup-only-teammate', 'warning', r.meta.id, `Backup owner ${name(backup)} is the only other member of ${team.name}: name a backup from outside the pair, or grow the team`);
      }
    }
  }
  const load = people.filter((p) => p.active).map((p) => ({ id: p.id, name: p.name, owns: runbooks.filter((r) => r.meta.owner === p.id).length, backs: runbooks.filter((r) => r.meta.backup_owner === p.id).length }));
  if (runbooks.length >= 8) {
    for (const p of load) {
      const share = (p.owns + p.backs) / runbooks.length;
      if (share > options.busFactorShare) add('bus-factor', 'warning', p.id, `${p.name} owns or backs up ${p.owns + p.backs} of ${runbooks.length} runbooks (${Math.round(share * 100)} %, above ${Math.round(options.busFactorShare * 100)} %)`);
    }
  }
  for (const p of people.filter((x) => !x.active)) {
    const teams = (org?.teams ?? []).filter((t) => t.members.includes(p.id)).map((t) => t.id);
    if (teams.length) add('inactive-referenced', 'warning', p.id, `${p.name} is inactive but still a member of ${teams.join(', ')}`);
  }

  // Reviews.
  for (const r of runbooks) {
    const due = r.meta.review.due;
    if (!due) add('review-never', 'error', r.meta.id, 'No valid review date or interval');
    else if (due < today) add('review-overdue', 'error', r.meta.id, `Review was due ${due} (last ${r.meta.review.last_reviewed}, every ${r.meta.review.interval})`);
    else if (due <= addDays(today, options.dueSoonDays)) add('review-due-soon', 'warning', r.meta.id, `Review is due ${due}`);
    const max = options.reviewMaxDays?.[r.meta.tier];
    if (max !== undefined && r.meta.review.intervalDays > max) add('review-interval-too-long', 'warning', r.meta.id, `Reviewed every ${r.meta.review.interval}; the policy allows at most ${max} days for Tier ${r.meta.tier}`);
  }

  // Coverage per tier and per team.
  const coverage: Record<string, string[][]> = {};
  for (const tier of ['I', 'II', 'III']) {
    coverage[tier] = tierGrid(org ?? { teams: [] } as never, tier, hours);
    const gaps = intervals(coverage[tier]!.map((teams) => teams.length === 0));
    if (gaps.length) add('tier-coverage-gap', 'error', `Tier ${tier}`, `Tier ${tier} has nobody on duty ${gaps.map(intervalText).join(', ')} (${options.tz})`);
  }
  for (const team of org?.teams ?? []) {
    const grid = teamGrid(team, hours);
    const gaps = intervals(grid.map((on) => !on));
    const onCall = team.coverage.some((w) => w.from > w.to);
    if (gaps.length && onCall) add('team-coverage-gap', 'warning', team.id, `${team.name} runs an on-call rota but has nobody ${gaps.map(intervalText).join(', ')} (${options.tz})`);
  }

  // Escalation reachability.
  const last = new Map<string, RunSummary[]>();
  for (const run of runs) last.set(run.runbookId, [...(last.get(run.runbookId) ?? []), run]);
  const results: RunbookAudit[] = runbooks.map((r: Runbook) => {
    const grids = r.meta.escalation.map((l) => {
      const team = org?.teams.find((t) => t.id === l.team);
      return team ? teamGrid(team, hours) : hours.map(() => false);
    });
    const firstLevel = hours.map((_, h) => grids.findIndex((g) => g[h]) + 1);
    const nobody = intervals(firstLevel.map((l) => l === 0));
    if (nobody.length) add('escalation-unreachable', 'error', r.meta.id, `The escalation path reaches nobody ${nobody.map(intervalText).join(', ')} (${options.tz})`);
    const late = intervals(firstLevel.map((l) => l > 1));
    if (late.length && !nobody.length) {
      const worst = Math.max(...firstLevel);
      const delay = r.meta.escalation[worst - 1]?.afterMinutes ?? 0;
      add('escalation-first-level-gap', 'info', r.meta.id, `Level 1 (${r.meta.escalation[0]!.team}) is unstaffed ${late.map(intervalText).join(', ')}; help then comes from level ${worst} after ${delay} min`);
    }
    for (const [i, g] of grids.entries()) {
      const off = intervals(g.map((on) => !on));
      const team = r.meta.escalation[i]!.team;
      const rota = org?.teams.find((t) => t.id === team)?.coverage.some((w) => w.from > w.to) ?? false;
      if (i > 0 && off.length && rota) add('escalation-level-gap', 'warning', r.meta.id, `Level ${i + 1} (${team}) is skipped ${off.map(intervalText).join(', ')}: nobody on its rota`);
    }
    const history = (last.get(r.meta.id) ?? []).sort((a, b) => a.startedAt.localeCompare(b.startedAt));
    const real = history.filter((h) => h.mode !== 'dry-run');
    const lastRun = real.at(-1)?.startedAt;
    const lastSuccess = real.filter((h) => h.result === 'succeeded').at(-1)?.startedAt;
    const lastBrowserRun = real.filter((h) => h.mode === 'browser').at(-1)?.startedAt;
    const exercised = lastSuccess !== undefined && Date.parse(lastSuccess) >= options.at.getTime() - options.exerciseDays * 86_400_000;
    if (r.meta.category === 'recoverability' && !exercised) add('recovery-not-exercised', 'warning', r.meta.id, lastSuccess ? `Last successful run ${lastSuccess.slice(0, 10)}, more than ${options.exerciseDays} days ago` : `Never run successfully: a recovery procedure nobody has exercised`);
    const owned = Boolean(person(r.meta.owner)?.active && person(r.meta.backup_owner)?.active && r.meta.owner !== r.meta.backup_owner);
    const reviewed = r.meta.review.due !== '' && r.meta.review.due >= today;
    const rubric = !owned ? 'none' : !(reviewed && nobody.length === 0) ? 'bronze' : exercised ? 'gold' : 'silver';
    return { id: r.meta.id, title: r.meta.title, tier: r.meta.tier, service: r.meta.service, rubric, reachable24x7: nobody.length === 0, firstLevel, ...(lastRun ? { lastRun } : {}), ...(lastSuccess ? { lastSuccess } : {}), ...(lastBrowserRun ? { lastBrowserRun } : {}) };
  });
  for (const file of unverified) add('log-unverified', 'error', file, 'The run log fails `opsbook log verify`: it was edited, truncated or reordered');
  findings.sort((a, b) => ORDER[a.severity] - ORDER[b.severity] || a.check.localeCompare(b.check) || a.subject.localeCompare(b.subject));
  const services = (org?.services ?? []).map((svc) => {
    const rubric = { gold: 0, silver: 0, bronze: 0, none: 0 };
    for (const r of results) if (r.service === svc.id) rubric[r.rubric]++;
    return { id: svc.id, name: svc.name, rubric };
  });
  return { services, at: options.at.toISOString(), tz: options.tz, weekStart: hours[0] ? new Date(hours[0].getTime() - 1_800_000).toISOString() : '', findings, coverage, runbooks: results, people: load };
}

