// The site's one view of the engine: the catalog of the runbooks folder, read once per build.
// Pages only shape this data into HTML; they never parse a runbook themselves.
import { resolve } from 'node:path';
import { audit, orgPolicy, type AuditReport } from '../../src/audit/audit.ts';
import { loadCatalog } from '../../src/catalog.ts';
import { handedOver } from '../../src/site/handoff.ts';
import { listRuns, logFiles, readLog } from '../../src/log/read.ts';
import { buildSearch, type SearchData } from '../../src/search/build.ts';
import type { RunSummary } from '../../src/log/events.ts';
import { isoDate } from '../../src/parse/duration.ts';
import { type Catalog, type Org, type Person, type Runbook, type Team } from '../../src/model.ts';

let cached: Promise<Catalog> | undefined;

export function catalog(): Promise<Catalog> {
  cached ??= Promise.resolve(handedOver()).then((given) => given ?? loadCatalog(process.env.OPSBOOK_RUNBOOKS || 'runbooks', { cwd: process.env.OPSBOOK_CWD || process.cwd() }));
  return cached;
}

export interface Manual {
  catalog: Catalog;
  org: Org;
  /** Valid runbooks, by title. */
  runbooks: Runbook[];
  /** The build's date: review status is computed against it and the page says so. */
  today: string;
}

export async function manual(): Promise<Manual> {
  const c = await catalog();
  if (!c.org) throw new Error('The manual needs an org file; run `opsbook check` for details');
  const runbooks = c.runbooks.filter((r) => r.valid).sort((a, b) => a.meta.title.localeCompare(b.meta.title, 'en'));
  return { catalog: c, org: c.org, runbooks, today: isoDate(new Date()) };
}

export function person(org: Org, id: string): Person | undefined {
  return org.people.find((p) => p.id === id);
}

export function team(org: Org, id: string): Team | undefined {
  return org.teams.find((t) => t.id === id);
}

export function isOverdue(runbook: Runbook, today: string): boolean {
  return runbook.meta.review.due !== '' && runbook.meta.review.due < today;
}

/** Group runbooks by a key, keys sorted. */
export function groupBy(runbooks: Runbook[], key: (r: Runbook) => string[]): Map<string, Runbook[]> {
  const groups = new Map<string, Runbook[]>();
  for (const r of runbooks) for (const k of key(r)) groups.set(k, [...(groups.get(k) ?? []), r]);
  return new Map([...groups.entries()].sort(([a], [b]) => a.localeCompare(b, 'en')));
}

/** The org data the browser needs to say who is on duty now (no secrets live in org.yaml). */
export function dutyData(org: Org) {
  return {
    people: Object.fromEntries(org.people.map((p) => [p.id, { name: p.name, contact: p.contact, active: p.active, tz: p.tz, away: p.away }])),
    teams: org.teams.map((t) => ({ id: t.id, name: t.name, tier: t.tier, members: t.members, contact: t.contact, coverage: t.coverage, rotation: t.rotation, overrides: t.overrides })),
  };
}

/** JSON for a `<script type="application/json">`: `<` escaped so no text can close the tag. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** Runs in the log directory at build time (`OPSBOOK_LOG_DIR`, default .opsbook/runs). */
export function runs(): RunSummary[] {
  return listRuns(resolve(process.env.OPSBOOK_CWD || process.cwd(), process.env.OPSBOOK_LOG_DIR || '.opsbook/runs'));
}

/** Unverifiable log files at build time. */
export function unverifiedLogs(): string[] {
  return logFiles(resolve(process.env.OPSBOOK_CWD || process.cwd(), process.env.OPSBOOK_LOG_DIR || '.opsbook/runs')).filter((f) => {
    const log = readLog(f);
    return log.problem !== undefined && !log.torn;
  });
}

/** The time zone the audit page shows hours in (`opsbook build --tz`). */
export function displayZone(): string {
  return process.env.OPSBOOK_TZ || 'UTC';
}

let report: AuditReport | undefined;

export async function auditReport(): Promise<AuditReport> {
  const c = await catalog();
  const policy = orgPolicy(c);
  report ??= audit(c, runs(), unverifiedLogs(), {
    at: new Date(),
    tz: displayZone(),
    busFactorShare: (policy.bus_factor_percent ?? 25) / 100,
    dueSoonDays: 14,
    exerciseDays: policy.exercise_days ?? 90,
    ...(policy.backup_not_only_teammate ? { backupNotOnlyTeammate: true } : {}),
    ...(policy.review_max_days ? { reviewMaxDays: policy.review_max_days } : {}),
  });
  return report;
}

let searchData: SearchData | undefined;

/** The search index, built once per site build. */
export async function searchIndex(): Promise<SearchData> {
  searchData ??= buildSearch(await catalog());
  return searchData;
}
