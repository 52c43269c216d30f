// The site's one view of the engine: what the opsbook integration (src/site/integration.ts)
// hands to the pages as `virtual:opsbook/manual`, read once per build. Pages only shape this
// data into HTML; they never parse a runbook or read a log themselves.
import data from 'virtual:opsbook/manual';
import type { AuditReport } from '../../src/audit/audit.ts';
import type { RunSummary } from '../../src/log/events.ts';
import type { SearchData } from '../../src/search/build.ts';
import type { SiteOrg, SiteRunbook } from '../../src/site/data.ts';
import type { Person, Team } from '../../src/model.ts';

export interface Manual {
  org: SiteOrg;
  /** Valid runbooks, by title. */
  runbooks: SiteRunbook[];
  /** The build's date: review status is computed against it and the page says so. */
  today: string;
}

export function manual(): Manual {
  return { org: data.org, runbooks: data.runbooks, today: data.today };
}

export function person(org: SiteOrg, id: string): Person | undefined {
  return org.people.find((p) => p.id === id);
}

export function team(org: SiteOrg, id: string): Team | undefined {
  return org.teams.find((t) => t.id === id);
}

export function isOverdue(runbook: Pick<SiteRunbook, 'meta'>, today: string): boolean {
  return runbook.meta.review.due !== '' && runbook.meta.review.due < today;
}

/** Group runbooks by a key, keys sorted. */
export function groupBy(runbooks: SiteRunbook[], key: (r: SiteRunbook) => string[]): Map<string, SiteRunbook[]> {
  const groups = new Map<string, SiteRunbook[]>();
  for (const r of runbooks) for (const k of key(r)) groups.set(k, [...(groups.get(k) ?? []), r]);
  return new Map([...groups.entries()].sort(([a], [b]) => a.localeCompare(b, 'en')));
}

/** The org data the browser needs to say who is on duty now (no secrets live in org.yaml). */
export function dutyData(org: SiteOrg) {
  return {
    people: Object.fromEntries(org.people.map((p) => [p.id, { name: p.name, contact: p.contact, active: p.active, tz: p.tz, away: p.away }])),
    teams: org.teams.map((t) => ({
      id: t.id,
      name: t.name,
      tier: t.tier,
      members: t.members,
      contact: t.contact,
      coverage: t.coverage,
      rotation: t.rotation,
      overrides: t.overrides,
    })),
  };
}

/** Runs in the log directory at build time, oldest first. */
export function runs(): RunSummary[] {
  return data.runs;
}

/** The time zone the audit page shows hours in (`opsbook build --tz`). */
export function displayZone(): string {
  return data.tz;
}

export function auditReport(): AuditReport {
  return data.audit;
}

/** When the manual was built (ISO 8601, UTC) and from which git commit (null: not a git checkout). */
export function buildInfo(): { builtAt: string; commit: string | null } {
  return { builtAt: data.builtAt, commit: data.commit };
}

/** The search index, built once per site build. */
export function searchIndex(): SearchData {
  return data.search;
}
