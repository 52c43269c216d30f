// A folder of runbooks (plus its org.yaml) to one catalog: every runbook, the org and
// every diagnostic, sorted. Deterministic: same files, same catalog.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CheckCache } from './check-cache.ts';
import { checkRunbookBytes, checkRunbookFile, readRunbookFile } from './check-file.ts';
import { isoDate } from './parse/duration.ts';
import { listRunbookFiles, orgFileFor, relativePath, type CatalogOptions } from './files.ts';
import type { Catalog, Diagnostic, Org, Runbook } from './model.ts';
import { attachInventory, inventoryFileFor } from './fleet/org-inventory.ts';
import { parseOrg } from './parse/org.ts';
import { catalogRuleList, diagnostic, orgRuleList } from './rules/registry.ts';
import type { RunbookHeader } from './rules/types.ts';

export type { CatalogOptions };

export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line || a.column - b.column || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0) || (a.message < b.message ? -1 : a.message > b.message ? 1 : 0);
}

/** The org file with its own rules applied; `org` is undefined when it is missing or does not parse. */
export function loadOrg(orgFile: string, cwd: string, inventory?: string): { org: Org | undefined; diagnostics: Diagnostic[] } {
  const path = relativePath(cwd, orgFile);
  if (!existsSync(orgFile)) {
    return { org: undefined, diagnostics: [diagnostic('org-missing', path, { line: 1, column: 1 }, `No org file \`${path}\`; owners, teams and services cannot be checked`)] };
  }
  const parsed = parseOrg(path, readFileSync(orgFile));
  const diagnostics = [...parsed.diagnostics];
  const org = parsed.org;
  if (org) for (const r of orgRuleList) r.check(org, (span, message, hint) => diagnostics.push(diagnostic(r.id, path, span, message, hint)));
  if (org) diagnostics.push(...attachInventory(org, orgFile, cwd, inventory));
  return { org, diagnostics };
}

/** Cross-file rules over every runbook of one catalog. Returns the paths they found fault with. */
function checkAcross(runbooks: RunbookHeader[], diagnostics: Diagnostic[]): Set<string> {
  const faulty = new Set<string>();
  for (const r of catalogRuleList) {
    r.check(runbooks, (path, span, message) => {
      diagnostics.push(diagnostic(r.id, path, span, message));
      faulty.add(path);
    });
  }
  return faulty;
}

/** The catalog of the runbook `files` (absolute paths), checked with `orgFile`. */
export function buildCatalog(root: string, files: string[], orgFile: string, options: CatalogOptions = {}): Catalog {
  const cwd = options.cwd ?? process.cwd();
  const now = options.now ?? new Date();
  const { org, diagnostics } = loadOrg(orgFile, cwd, options.inventory);
  const runbooks: Runbook[] = [];
  for (const file of files) {
    const checked = checkRunbookFile(file, relativePath(cwd, file), org, now);
    diagnostics.push(...checked.diagnostics);
    if (checked.runbook) runbooks.push(checked.runbook);
  }
  const faulty = checkAcross(runbooks, diagnostics);
  for (const runbook of runbooks) if (faulty.has(runbook.path)) runbook.valid = false;
  diagnostics.sort(compareDiagnostics);
  const catalog: Catalog = { root: relativePath(cwd, root), runbooks, diagnostics, files: files.map((f) => relativePath(cwd, f)) };
  if (org) catalog.org = org;
  return catalog;
}

/** What `opsbook check` needs of a group of files: diagnostics and the files read. With a
 * cache, files whose bytes it has seen are not parsed again. */
export function checkFiles(files: string[], orgFile: string, options: CatalogOptions, cacheFile?: string): { diagnostics: Diagnostic[]; files: string[] } {
  const cwd = options.cwd ?? process.cwd();
  const now = options.now ?? new Date();
  const { org, diagnostics } = loadOrg(orgFile, cwd, options.inventory);
  const inventoryFile = org ? inventoryFileFor(orgFile, org.raw, cwd, options.inventory) : undefined;
  const orgBytes = existsSync(orgFile) ? Buffer.concat([readFileSync(orgFile), inventoryFile && existsSync(inventoryFile) ? readFileSync(inventoryFile) : Buffer.alloc(0)]) : undefined;
  const cache = cacheFile ? CheckCache.open(cacheFile, orgBytes, isoDate(now)) : undefined;
  const headers: RunbookHeader[] = [];
  for (const file of files) {
    const path = relativePath(cwd, file);
    const read = readRunbookFile(file, path);
    if ('diagnostic' in read) {
      diagnostics.push(read.diagnostic);
      continue;
    }
    const hash = createHash('sha256').update(read.bytes).digest('hex');
    let entry = cache?.get(path, hash);
    if (!entry) {
      const checked = checkRunbookBytes(read.bytes, path, org, now);
      entry = { hash, diagnostics: checked.diagnostics, header: { path, meta: checked.runbook.meta, positions: checked.runbook.positions } };
      cache?.set(path, entry);
    }
    diagnostics.push(...entry.diagnostics);
    if (entry.header) headers.push(entry.header);
  }
  cache?.save();
  checkAcross(headers, diagnostics);
  diagnostics.sort(compareDiagnostics);
  return { diagnostics, files: [...files.map((f) => relativePath(cwd, f)), relativePath(cwd, orgFile)] };
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
