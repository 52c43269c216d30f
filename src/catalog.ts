// A folder of runbooks (plus its org.yaml) to one catalog: every runbook, the org and
// every diagnostic, sorted. Deterministic: same files, same catalog.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { Catalog, Diagnostic, Org, Runbook, Span } from './model.ts';
import { parseOrg } from './parse/org.ts';
import { parseRunbook, type ParsedRunbook } from './parse/runbook.ts';
import { catalogRuleList, diagnostic, orgRuleList, runbookRules } from './rules/registry.ts';

export interface CatalogOptions {
  /** Working directory that paths are relative to (default: process.cwd()). */
  cwd?: string;
  /** "Today" for review dates (default: now). */
  now?: Date;
  /** Org file to use instead of `<root>/org.yaml` (or the nearest one above a file). */
  orgPath?: string;
}

const ORG_FILE = 'org.yaml';

function toPosix(path: string): string {
  return path.split(sep).join('/');
}

export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line || a.column - b.column || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0) || (a.message < b.message ? -1 : a.message > b.message ? 1 : 0);
}

/** Every `*.mdx` below `dir`, skipping dot folders and node_modules, sorted. */
function listRunbookFiles(dir: string): string[] {
  const files: string[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const full = join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else if ((entry.isFile() || entry.isSymbolicLink()) && entry.name.endsWith('.mdx')) files.push(full);
    }
  };
  walk(dir);
  return files.sort();
}

/** The nearest org.yaml at or above `dir` (stopping at the filesystem root). */
function findOrg(dir: string): string | undefined {
  for (let d = resolve(dir); ; d = dirname(d)) {
    const candidate = join(d, ORG_FILE);
    if (existsSync(candidate)) return candidate;
    if (dirname(d) === d) return undefined;
  }
}

function runbookContextAt(parsed: ParsedRunbook) {
  return (pointer: string, key = false): Span | undefined => {
    const p = parsed.yamlPositions;
    return key ? (p.keys.get(pointer) ?? p.values.get(pointer)) : (p.values.get(pointer) ?? p.keys.get(pointer) ?? nearest(p.values, pointer));
  };
}

/** Position of the closest existing parent of a pointer (a missing key reports at its mapping). */
function nearest(values: Map<string, Span>, pointer: string): Span | undefined {
  for (let p = pointer; p.includes('/'); p = p.slice(0, p.lastIndexOf('/'))) {
    const span = values.get(p);
    if (span) return span;
  }
  return values.get('');
}

/** Read the catalog of the runbook files `files` with the org file `orgFile`. */
function build(root: string, files: string[], orgFile: string | undefined, options: CatalogOptions): Catalog {
  const cwd = options.cwd ?? process.cwd();
  const now = options.now ?? new Date();
  const rel = (p: string) => toPosix(relative(cwd, p)) || '.';
  const diagnostics: Diagnostic[] = [];
  let org: Org | undefined;
  if (orgFile && existsSync(orgFile)) {
    const parsedOrg = parseOrg(rel(orgFile), readFileSync(orgFile));
    org = parsedOrg.org;
    diagnostics.push(...parsedOrg.diagnostics);
    if (org) {
      const o = org;
      for (const r of orgRuleList) r.check(o, (span, message, hint) => diagnostics.push(diagnostic(r.id, o.path, span, message, hint)));
    }
  } else {
    diagnostics.push(diagnostic('org-missing', rel(orgFile ?? join(root, ORG_FILE)), { line: 1, column: 1 }, `No org file \`${rel(orgFile ?? join(root, ORG_FILE))}\`; owners, teams and services cannot be checked`));
  }

  const runbooks: Runbook[] = [];
  for (const file of files) {
    const path = rel(file);
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(file);
    } catch (error) {
      diagnostics.push(diagnostic('file-unreadable', path, undefined, `Cannot read the file: ${(error as Error).message}`));
      continue;
    }
    const parsed = parseRunbook(path, bytes);
    const own = [...parsed.diagnostics];
    if (parsed.frontMatterParsed || parsed.bodyParsed) {
      const context = { runbook: parsed.runbook, raw: parsed.raw, tree: parsed.tree, frontMatterParsed: parsed.frontMatterParsed, bodyParsed: parsed.bodyParsed, org, now, at: runbookContextAt(parsed) };
      for (const r of runbookRules) r.check(context, (span, message, hint) => own.push(diagnostic(r.id, path, span, message, hint)));
    }
    parsed.runbook.valid = !own.some((d) => d.severity === 'error');
    diagnostics.push(...own);
    runbooks.push(parsed.runbook);
  }
  runbooks.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const catalog: Catalog = { root: rel(root), runbooks, diagnostics, files: files.map(rel) };
  if (org) catalog.org = org;
  for (const r of catalogRuleList) {
    r.check(catalog, (path, span, message) => {
      diagnostics.push(diagnostic(r.id, path, span, message));
      const runbook = runbooks.find((rb) => rb.path === path);
      if (runbook) runbook.valid = false;
    });
  }
  diagnostics.sort(compareDiagnostics);
  return catalog;
}

/** The catalog of every runbook below `root` and `<root>/org.yaml` (or the nearest one above). */
export async function loadCatalog(root = 'runbooks', options: CatalogOptions = {}): Promise<Catalog> {
  const cwd = options.cwd ?? process.cwd();
  const dir = resolve(cwd, root);
  const orgFile = options.orgPath ? resolve(cwd, options.orgPath) : (findOrg(dir) ?? join(dir, ORG_FILE));
  return build(dir, existsSync(dir) ? listRunbookFiles(dir) : [], orgFile, options);
}

/** Catalogs for a mix of folders and files, as `opsbook check [paths…]` takes them. Files share the catalog of their org file. */
export async function loadPaths(paths: string[], options: CatalogOptions = {}): Promise<Catalog[]> {
  const cwd = options.cwd ?? process.cwd();
  const groups = new Map<string, { root: string; files: Set<string> }>();
  for (const p of paths) {
    const full = resolve(cwd, p);
    const isDir = statSync(full).isDirectory();
    const dir = isDir ? full : dirname(full);
    const orgFile = options.orgPath ? resolve(cwd, options.orgPath) : (findOrg(dir) ?? join(dir, ORG_FILE));
    const group = groups.get(orgFile) ?? { root: isDir ? full : dirname(orgFile), files: new Set<string>() };
    for (const f of isDir ? listRunbookFiles(full) : [full]) group.files.add(f);
    groups.set(orgFile, group);
  }
  return [...groups.entries()].map(([orgFile, g]) => build(g.root, [...g.files].sort(), orgFile, options));
}

/** A runbook of the catalog by id, or by path (as given or relative to the working directory). */
export function findRunbook(catalog: Catalog, idOrPath: string, cwd = process.cwd()): Runbook | undefined {
  const byId = catalog.runbooks.find((r) => r.meta.id === idOrPath);
  if (byId) return byId;
  const path = toPosix(relative(cwd, resolve(cwd, idOrPath)));
  return catalog.runbooks.find((r) => r.path === path);
}
