// The audit's vocabulary: findings, options, and the rule objects that report them.
import type { RunSummary } from '../log/events.ts';
import type { Piece } from './dated.ts';
import type { AuditRun, UnverifiedLog } from './trust.ts';
import type { HostCounts } from '../log/fleet-hosts.ts';
import type { Catalog, Org, Person, Runbook, Tier } from '../model.ts';
import type { Segment } from '../oncall/timeline.ts';
import type { Interval } from './week.ts';

export type FindingSeverity = 'error' | 'warning' | 'info';

export interface Finding {
  check: string;
  severity: FindingSeverity;
  /** What it is about: a runbook id, a person, a team or a tier. */
  subject: string;
  message: string;
  /** For a finding about a runbook: its file, and how many `opsbook check` errors it has. */
  path?: string;
  checkErrors?: number;
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
  reviewMaxDays?: Partial<Record<Tier, number>>;
  /** Days from `at` over which on-call gaps and hours are reckoned (default 28). */
  days?: number;
  /** Tiers that must be reachable around the clock (default: the org's policy, else I and II). */
  tiers24x7?: Tier[];
}

/** The org file's optional `policy` section (validated by schemas/org.schema.json). */
export interface OrgPolicy {
  backup_not_only_teammate?: boolean;
  review_max_days?: Partial<Record<Tier, number>>;
  exercise_days?: number;
  bus_factor_percent?: number;
  tiers_24x7?: Tier[];
}

/** How a runbook's escalation path reaches people over the hours of the week. */
export interface Reach {
  /** Per hour of the week, whether each level's team is on duty. */
  grids: boolean[][];
  /** Per hour, the first level (1-based) with someone on duty; 0 for nobody. */
  firstLevel: number[];
  /** Hours of the week when the whole path reaches nobody. */
  nobody: Interval[];
  /** Stretches of the audit period when no level answers and some level has a gap (an absence, a leaver): the path reaches nobody then. */
  dated: Piece[];
}

/** The strongest evidence that a runbook was exercised within the exercise period. */
export interface Evidence {
  /** `signed`: a successful run whose signatures verify (a signed terminal run, or a browser record signed at import); `terminal`: a successful terminal run; `self-reported`: only an unsigned browser record; `none`. */
  strength: 'signed' | 'terminal' | 'self-reported' | 'none';
  lastRun?: string;
  lastSuccess?: string;
  lastTerminalSuccess?: string;
  lastBrowserRun?: string;
  /** The last run's result, and, for a run with fleet steps, its hosts (one run, its hosts counted once each). */
  lastRunResult?: RunSummary['result'];
  lastRunHosts?: HostCounts;
  /** The hosts of the last successful run, when it had fleet steps. */
  lastSuccessHosts?: HostCounts;
}

/** Everything the checks read, computed once. */
export interface AuditContext {
  catalog: Catalog;
  org: Org | undefined;
  options: AuditOptions & { days: number; tiers24x7: Tier[] };
  /** Runbooks whose front-matter could be read, with or without check errors. */
  runbooks: Runbook[];
  checkErrors(runbook: Runbook): number;
  person(id: string): Person | undefined;
  name(id: string): string;
  /** The middle of each of the 168 hours of the week of `at`, in the display zone. */
  hours: Date[];
  today: string;
  /** [at, at + days). */
  period: { from: Date; to: Date };
  /** Each team's on-call timeline over the period, by team id. */
  timelines: Map<string, Segment[]>;
  reach(runbook: Runbook): Reach;
  evidence(runbook: Runbook): Evidence;
  runs: AuditRun[];
  unverified: UnverifiedLog[];
}

export type AuditReportFn = (subject: string, message: string, runbook?: Runbook) => void;

export interface AuditRule {
  id: string;
  severity: FindingSeverity;
  /** One line: what the check finds. */
  description: string;
  check(context: AuditContext, report: AuditReportFn): void;
}
