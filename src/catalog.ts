// A folder of runbooks (plus its org.yaml) to one catalog: every runbook, the org and
// every diagnostic, sorted. Deterministic: same files, same catalog. `files` lists every
// file checked, sorted: the runbooks, the org file and the synonyms and inventory read with
// it, so `check` and `build` count the same files.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { checkRunbookBytes, readRunbookFile, type CheckBytes } from './check-file.ts';
import { listRunbookFiles, orgFileFor, relativePath, type CatalogOptions } from './files.ts';
import type { Catalog, Diagnostic, Org, Runbook } from './model.ts';
import { attachInventory, inventoryFileFor } from './fleet/org-inventory.ts';
import { parseOrg } from './parse/org.ts';
import { readRegularFile } from './read-file.ts';
import type { RunbookModel } from './parse/runbook.ts';
import { catalogRuleList, diagnostic, fromMessages, orgRuleList } from './rules/registry.ts';
import { loadSynonyms, SYNONYMS_FILE } from './search/synonyms.ts';
import type { RunbookHeader } from './rules/types.ts';

export type { CatalogOptions };

export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return a.path < b.path
    ? -1
    : a.path > b.path
      ? 1
      : a.line - b.line ||
        a.column - b.column ||
        (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0) ||
        (a.message < b.message ? -1 : a.message > b.message ? 1 : 0);
}

/** The org file with its own rules applied; `org` is undefined when it is missing or does not parse. */
export function loadOrg(
  orgFile: string,
  cwd: string,
  options: { maxBytes?: number; inventory?: string } = {},
): { org: Org | undefined; diagnostics: Diagnostic[] } {
  const path = relativePath(cwd, orgFile);
  if (!existsSync(orgFile)) {
    return {
      org: undefined,
      diagnostics: [diagnostic('org-missing', path, { line: 1, column: 1 }, `No org file \`${path}\`; owners, teams and services cannot be checked`)],
    };
  }
  const read = readRegularFile(orgFile, options.maxBytes);
  if (!read.ok) return { org: undefined, diagnostics: [diagnostic(read.rule, path, undefined, read.message)] };
  const parsed = parseOrg(path, read.bytes);
  const diagnostics = fromMessages(path, parsed.messages);
  const org = parsed.org;
  if (org) for (const r of orgRuleList) r.check(org, (span, message, hint) => diagnostics.push(diagnostic(r.id, path, span, message, hint)));
  if (org) diagnostics.push(...attachInventory(org, orgFile, cwd, options.inventory));
  return { org, diagnostics };
}

/** The files read with the org file, when they are there: its synonyms and its inventory. */
function companionFiles(orgFile: string, org: Org | undefined, cwd: string, inventory: string | undefined): string[] {
  const synonyms = join(dirname(orgFile), SYNONYMS_FILE);
  const inventoryFile = org ? inventoryFileFor(orgFile, org.raw, cwd, inventory) : undefined;
  return [synonyms, ...(inventoryFile ? [inventoryFile] : [])].filter((file) => existsSync(file));
}

/** Cross-file rules over every runbook of one catalog. */
function checkAcross(runbooks: RunbookHeader[], diagnostics: Diagnostic[]): void {
  for (const r of catalogRuleList) r.check(runbooks, (path, span, message) => diagnostics.push(diagnostic(r.id, path, span, message)));
}

/** The catalog of the runbook `files` (absolute paths), checked with `orgFile`: the one
 * pipeline of `check`, `build`, `run`, `search` and `audit` (org → each file → across
 * files → sorted). `checkBytes` is the per-file part; `check` passes a memoised one, whose
 * answers from the cache carry no model, so its catalog lists only the runbooks parsed now.
 * A runbook is valid when no error names its file: that is decided here and nowhere else. */
export function buildCatalog(
  root: string,
  files: string[],
  orgFile: string,
  options: CatalogOptions = {},
  checkBytes: CheckBytes = checkRunbookBytes,
): Catalog {
  const cwd = options.cwd ?? process.cwd();
  const now = options.now ?? new Date();
  const { org, diagnostics } = loadOrg(orgFile, cwd, {
    ...(options.maxFileSize !== undefined ? { maxBytes: options.maxFileSize } : {}),
    ...(options.inventory !== undefined ? { inventory: options.inventory } : {}),
  });
  const synonyms = loadSynonyms(orgFile, cwd);
  diagnostics.push(...synonyms.diagnostics);
  const headers: RunbookHeader[] = [];
  const models: RunbookModel[] = [];
  for (const file of files) {
    const path = relativePath(cwd, file);
    const read = readRunbookFile(file, path, options.maxFileSize);
    if ('diagnostic' in read) {
      diagnostics.push(read.diagnostic);
      continue;
    }
    const checked = checkBytes(read.bytes, path, org, now);
    diagnostics.push(...checked.diagnostics);
    headers.push(checked.header);
    if (checked.runbook) models.push(checked.runbook);
  }
  checkAcross(headers, diagnostics);
  diagnostics.sort(compareDiagnostics);
  const failed = new Set(diagnostics.filter((d) => d.severity === 'error').map((d) => d.path));
  const runbooks: Runbook[] = models.map((model) => ({ ...model, valid: !failed.has(model.path) }));
  const catalog: Catalog = {
    root: relativePath(cwd, root),
    runbooks,
    orgFile: relativePath(cwd, orgFile),
    diagnostics,
    files: [...files, orgFile, ...companionFiles(orgFile, org, cwd, options.inventory)].map((f) => relativePath(cwd, f)).sort(),
  };
  if (org) catalog.org = org;
  if (synonyms.groups.length > 0) catalog.synonyms = synonyms.groups;
  return catalog;
}

/** The catalog of every runbook below `root` and `<root>/org.yaml` (or the nearest one above). */
export async function loadCatalog(root = 'runbooks', options: CatalogOptions = {}): Promise<Catalog> {
  const cwd = options.cwd ?? process.cwd();
  const dir = resolve(cwd, root);
  return buildCatalog(dir, existsSync(dir) ? listRunbookFiles(dir) : [], orgFileFor(dir, cwd, options), options);
}

/** A runbook of the catalog by id, or by path (as given or relative to the working directory). */
export function findRunbook(catalog: Catalog, idOrPath: string, cwd = process.cwd()): Runbook | undefined {
  const byId = catalog.runbooks.find((r) => r.meta.id === idOrPath);
  if (byId) return byId;
  const path = relativePath(cwd, resolve(cwd, idOrPath));
  return catalog.runbooks.find((r) => r.path === path);
}
