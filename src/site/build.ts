// Build the static manual: the catalog must be free of errors, then Astro renders it into a
// fresh directory that replaces `out` only when the whole build succeeded, so a failed build
// never leaves a half-written manual behind.
import { cpSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PACKAGE_ROOT } from '../package-root.ts';
import type { Catalog } from '../model.ts';
import { handOver } from './handoff.ts';


export interface SiteBuild {
  /** The runbooks folder (absolute). */
  runbooks: string;
  /** Output directory (absolute). */
  out: string;
  /** Working directory for paths shown on pages. */
  cwd: string;
  /** Time zone of the audit page's hours. */
  tz: string;
  /** The catalog of `runbooks`, already read and checked: the pages use it instead of reading the folder again. */
  catalog?: Catalog;
}

/** Rename, or copy and delete when `to` is on another file system. */
function move(from: string, to: string): void {
  mkdirSync(dirname(to), { recursive: true });
  try {
    renameSync(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    cpSync(from, to, { recursive: true });
    rmSync(from, { recursive: true, force: true });
  }
}

export async function buildSite({ runbooks, out, cwd, tz, catalog }: SiteBuild): Promise<void> {
  // Astro's build chunks import packages by name, so the build must happen inside this
  // package (where node_modules is); the result is then moved to `out`.
  mkdirSync(join(PACKAGE_ROOT, '.opsbook'), { recursive: true });
  const staging = mkdtempSync(join(PACKAGE_ROOT, '.opsbook', 'build-'));
  const saved = { runbooks: process.env.OPSBOOK_RUNBOOKS, out: process.env.OPSBOOK_OUT, cwd: process.env.OPSBOOK_CWD, tz: process.env.OPSBOOK_TZ };
  process.env.OPSBOOK_RUNBOOKS = runbooks;
  process.env.OPSBOOK_OUT = staging;
  process.env.OPSBOOK_CWD = cwd;
  process.env.OPSBOOK_TZ = tz;
  process.env.ASTRO_TELEMETRY_DISABLED = '1';
  // Parts of Astro resolve from the working directory rather than `root`.
  const cwdBefore = process.cwd();
  process.chdir(PACKAGE_ROOT);
  handOver(catalog);
  try {
    const { build } = await import('astro');
    await build({ root: PACKAGE_ROOT, logLevel: 'warn', mode: 'production' });
    const next = `${out}.new-${process.pid}`;
    move(staging, next);
    const old = `${out}.old-${process.pid}`;
    if (existsSync(out)) renameSync(out, old);
    renameSync(next, out);
    rmSync(old, { recursive: true, force: true });
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  } finally {
    handOver(undefined);
    process.chdir(cwdBefore);
    for (const [name, value] of [['OPSBOOK_RUNBOOKS', saved.runbooks], ['OPSBOOK_OUT', saved.out], ['OPSBOOK_CWD', saved.cwd], ['OPSBOOK_TZ', saved.tz]] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}
