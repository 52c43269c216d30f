// Finding runbook files and the org file that goes with them. Light on purpose: no
// parser is loaded, so the check command can start its workers before it loads one.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

export interface CatalogOptions {
  /** Working directory that paths are relative to (default: process.cwd()). */
  cwd?: string;
  /** "Today" for review dates (default: now). */
  now?: Date;
  /** Org file to use instead of `<root>/org.yaml` (or the nearest one above a file). */
  orgPath?: string;
  /** Largest runbook or org file read, in bytes (default 10 MB); a larger one is a `file-too-large` diagnostic. */
  maxFileSize?: number;
  /** Ansible inventory for fleet steps instead of the org file's `inventory:` (`--inventory`). */
  inventory?: string;
}

const ORG_FILE = 'org.yaml';

export function toPosix(path: string): string {
  return path.split(sep).join('/');
}

export function relativePath(cwd: string, path: string): string {
  return toPosix(relative(cwd, path)) || '.';
}

/** Every `*.mdx` below `dir`, skipping dot folders and node_modules (never descended into),
 * sorted. Whatever is not a folder is listed, a FIFO or a device too: reading it is a
 * `file-not-regular` finding, so nothing named `*.mdx` is skipped in silence. */
export function listRunbookFiles(dir: string): string[] {
  const files: string[] = [];
  const walk = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const full = join(folder, entry.name);
      if (entry.isDirectory()) {
        if (!entry.name.startsWith('.') && entry.name !== 'node_modules') walk(full);
      } else if (entry.name.endsWith('.mdx') && !entry.name.startsWith('.')) files.push(full);
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

export function orgFileFor(dir: string, cwd: string, options: CatalogOptions): string {
  return options.orgPath ? resolve(cwd, options.orgPath) : (findOrg(dir) ?? join(dir, ORG_FILE));
}

/** One org file and the runbook files checked with it, as `opsbook check [paths…]` groups them. */
export interface CheckGroup {
  orgFile: string;
  files: string[];
  /** YAML files named on the command line: the org file or a file read with it (synonyms, inventory). */
  named: string[];
}

/** True for a path named like the org file or the YAML files beside it, which are not runbooks. */
function isYaml(path: string): boolean {
  return /\.ya?ml$/i.test(path);
}

/** Group a mix of folders and files by the org file each is checked with. A named YAML file
 * is not a runbook: it goes with the nearest org file (an `org.yaml` is its own), and whether
 * that group reads it (the org file, its synonyms, its inventory) is the caller's to say. */
export function groupPaths(paths: string[], options: CatalogOptions = {}): CheckGroup[] {
  const cwd = options.cwd ?? process.cwd();
  const groups = new Map<string, CheckGroup>();
  for (const p of paths) {
    const full = resolve(cwd, p);
    const isDir = statSync(full).isDirectory();
    const orgFile = orgFileFor(isDir ? full : dirname(full), cwd, options);
    const group = groups.get(orgFile) ?? { orgFile, files: [], named: [] };
    if (!isDir && isYaml(full)) group.named.push(full);
    else group.files.push(...(isDir ? listRunbookFiles(full) : [full]));
    groups.set(orgFile, group);
  }
  return [...groups.values()].map((g) => ({ ...g, files: [...new Set(g.files)].sort() }));
}
