// The check cache: what `opsbook check` found in each file, keyed by the file's bytes,
// so a second run re-reads only what changed. Everything else that could change a
// finding is in the cache key: the org file, the schemas, opsbook's own source and the
// day (reviews fall due), per entry, so one check of folders with their own org files keeps
// each folder's findings. A cache that cannot be read or written is simply not used.
// The key also holds a random secret of this opsbook installation, so a cache file made
// anywhere else (committed beside a runbook, say, to make a broken one look clean) is
// never believed. `memoise` wraps the pipeline's per-file check (src/check-file.ts) with it.
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { sourceFingerprint } from './fingerprint.js';
import type { CheckBytes } from './check-file.ts';
import type { Diagnostic, Span } from './model.ts';
import { PACKAGE_ROOT } from './package-root.ts';
import type { RunbookHeader } from './rules/types.ts';

/** Where the secret is kept: beside the engine bundle, in a folder `npm ci` makes afresh, else
 * in the user's cache folder (a read-only install); never under the project, whose files
 * anyone may commit. */
const SECRET_FILES = [
  join(PACKAGE_ROOT, 'node_modules', '.cache', 'opsbook-check', 'secret'),
  join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'opsbook', 'check-secret'),
];

function readSecret(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** This installation's secret, made on first use; undefined (no cache) where none can be kept. */
function installationSecret(): string | undefined {
  for (const file of SECRET_FILES) {
    const found = readSecret(file);
    if (found !== undefined) return found;
    try {
      mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
      writeFileSync(file, randomBytes(32).toString('hex'), { flag: 'wx', mode: 0o600 });
    } catch {
      // made by another check meanwhile, or a folder that cannot be written
    }
    const made = readSecret(file);
    if (made !== undefined) return made;
  }
  return undefined;
}

export interface CacheEntry {
  hash: string;
  diagnostics: Diagnostic[];
  header: RunbookHeader;
}

interface StoredEntry {
  /** What the finding was made against (`CheckCache.key`): a check of several folders has a key per org file. */
  key: string;
  hash: string;
  diagnostics: Diagnostic[];
  header: { path: string; meta: RunbookHeader['meta']; positions: [string, Span][] };
}

export class CheckCache {
  private readonly fresh = new Map<string, StoredEntry>();

  private constructor(
    private readonly file: string,
    private readonly stored: Map<string, StoredEntry>,
  ) {}

  /** Open the cache at `file` (an empty one when there is none or it cannot be read). */
  static open(file: string): CheckCache {
    let stored = new Map<string, StoredEntry>();
    try {
      const data = JSON.parse(readFileSync(file, 'utf8')) as { entries: Record<string, StoredEntry> };
      stored = new Map(Object.entries(data.entries));
    } catch {
      // no cache yet, or an unreadable one: start empty
    }
    return new CheckCache(file, stored);
  }

  /** The key of findings made against `orgBytes` (the org file and its inventory) on `day` (YYYY-MM-DD);
   * undefined when this installation cannot keep its secret: then nothing is cached. */
  static key(orgBytes: Uint8Array | undefined, day: string): string | undefined {
    const secret = installationSecret();
    if (secret === undefined) return undefined;
    return createHash('sha256')
      .update(secret)
      .update(sourceFingerprint(PACKAGE_ROOT))
      .update(orgBytes ?? '')
      .update(day)
      .digest('hex');
  }

  get(path: string, hash: string, key: string): CacheEntry | undefined {
    const entry = this.stored.get(path);
    if (!entry || entry.key !== key || entry.hash !== hash || !Array.isArray(entry.diagnostics) || !Array.isArray(entry.header?.positions)) return undefined;
    this.fresh.set(path, entry);
    return { hash, diagnostics: entry.diagnostics, header: { path: entry.header.path, meta: entry.header.meta, positions: new Map(entry.header.positions) } };
  }

  set(path: string, key: string, entry: CacheEntry): void {
    this.fresh.set(path, {
      key,
      hash: entry.hash,
      diagnostics: entry.diagnostics,
      header: { path: entry.header.path, meta: entry.header.meta, positions: [...entry.header.positions] },
    });
  }

  /** Write the entries of this run (only files seen now), atomically. */
  save(): void {
    try {
      mkdirSync(dirname(this.file), { recursive: true });
      const tmp = `${this.file}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify({ entries: Object.fromEntries(this.fresh) }));
      renameSync(tmp, this.file);
    } catch {
      // a read-only folder: checking still works, only without a cache
    }
  }
}

/** `check`, answered from `cache` for bytes it has seen at the same path under the same `key`. */
export function memoise(check: CheckBytes, cache: CheckCache, key: string): CheckBytes {
  return (bytes, path, org, now) => {
    const hash = createHash('sha256').update(bytes).digest('hex');
    const hit = cache.get(path, hash, key);
    if (hit) return { diagnostics: hit.diagnostics, header: hit.header };
    const { diagnostics, header } = check(bytes, path, org, now);
    cache.set(path, key, { hash, diagnostics, header });
    return { diagnostics, header };
  };
}
