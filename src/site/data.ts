// What the site's pages are given: the engine's catalog (its valid runbooks and the org),
// the run logs read once, the audit computed once, the search index and the build's options.
// It is plain JSON, so the Astro integration can hand it to the pages.
import { resolve } from 'node:path';
import { audit, policyOptions, type AuditReport } from '../audit/audit.ts';
import { auditedRuns } from '../audit/trust.ts';
import { loadCatalog } from '../catalog.ts';
import { readHistory } from '../log/history.ts';
import type { RunSummary } from '../log/events.ts';
import { isoDate } from '../parse/duration.ts';
import { buildSearch, type SearchData } from '../search/build.ts';
import type { Catalog, Org, Runbook, Step } from '../model.ts';
import { renderProse } from '../render/html.ts';
import { gitCommit } from '../run/git.ts';
import type { Inventory } from '../fleet/inventory.ts';
import { siteFleet, type SiteFleet } from './fleet.ts';

export interface SiteOptions {
  /** The runbooks folder, absolute or relative to `cwd`. */
  runbooks: string;
  /** The project folder: runbook paths shown on pages are relative to it. */
  cwd: string;
  /** Run logs, absolute or relative to `cwd` (default .opsbook/runs). */
  logDir?: string;
  /** Time zone of the audit page's hours (default UTC). */
  tz?: string;
  /** The catalog of `runbooks`, already read and checked (`opsbook build`): not read again. */
  catalog?: Catalog;
  /** The pages' data, already made from the catalog (`opsbook build`, before Astro starts). */
  data?: SiteData;
}

/** A step as the pages see it: its prose already rendered to safe HTML; a fleet step's hosts and batches. */
export interface SiteStep extends Omit<Step, 'prose' | 'proseTree'> {
  html: string;
  fleet?: SiteFleet;
}

/** The body in document order: prose (rendered) between steps, or the step at `index`. */
export type SiteBlock = { kind: 'prose'; html: string } | { kind: 'step'; index: number };

/**
 * A runbook as the pages see it: prose rendered by the engine's safe renderer
 * (src/render/html.ts), without the syntax trees and front-matter positions the checker keeps.
 */
export interface SiteRunbook extends Pick<Runbook, 'path' | 'hash' | 'meta'> {
  steps: SiteStep[];
  body: SiteBlock[];
}

export type SiteOrg = Omit<Org, 'positions'>;

function siteRunbook({ path, hash, meta, steps, body }: Runbook, inventory: Inventory | undefined): SiteRunbook {
  return {
    path,
    hash,
    meta,
    steps: steps.map(({ prose: _text, proseTree, ...step }) => ({ ...step, html: renderProse(proseTree), fleet: siteFleet(step, meta.parameters, inventory) })),
    body: body.map((block) => (block.kind === 'prose' ? { kind: 'prose', html: renderProse(block.tree) } : { kind: 'step', index: block.step.index })),
  };
}

export interface SiteData {
  org: SiteOrg;
  /** Valid runbooks, by title. */
  runbooks: SiteRunbook[];
  /** Every run in the log folder at build time, oldest first. */
  runs: RunSummary[];
  audit: AuditReport;
  search: SearchData;
  /** The build's date: review status is computed against it and the pages say so. */
  today: string;
  /** The time zone the audit page shows hours in. */
  tz: string;
  /** When the manual was built (ISO 8601, UTC), printed on every page. */
  builtAt: string;
  /** The git commit of the runbooks folder at build time; null when it is not in a git checkout. */
  commit: string | null;
}

/** Everything the pages need, each log read once. */
export async function siteData(options: SiteOptions): Promise<SiteData> {
  if (options.data) return options.data;
  const catalog = options.catalog ?? (await loadCatalog(resolve(options.cwd, options.runbooks), { cwd: options.cwd }));
  if (!catalog.org) throw new Error('The manual needs an org file; run `opsbook check` for details');
  const logDir = resolve(options.cwd, options.logDir ?? '.opsbook/runs');
  // The pages see each run as `opsbook log verify` does: a forged or edited log is not `verified`.
  const audited = auditedRuns(logDir, catalog.org, readHistory(logDir));
  const runs = audited.runs;
  const tz = options.tz ?? 'UTC';
  const at = new Date();
  const report = audit(catalog, audited.runs, audited.unverified, policyOptions(catalog, at, tz));
  const runbooks = catalog.runbooks
    .filter((r) => r.valid)
    .sort((a, b) => a.meta.title.localeCompare(b.meta.title, 'en'))
    .map((r) => siteRunbook(r, catalog.org?.inventory));
  const { positions: _positions, ...org } = catalog.org;
  const commit = gitCommit(resolve(options.cwd, options.runbooks)) ?? null;
  return { org, runbooks, runs, audit: report, search: buildSearch(catalog), today: isoDate(at), tz, builtAt: at.toISOString(), commit };
}
