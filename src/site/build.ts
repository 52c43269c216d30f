// Build the static manual into a fresh folder next to `out`, and swap it in only when the
// whole build succeeded: a failed build leaves the previous manual as it was. What `out` may
// be is decided before (src/site/out-dir.ts); the built folder carries the marker that lets
// a later build replace it.
import { cpSync, existsSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';
import { fsErrorCode, whyNotWritten } from '../fs-reason.ts';
import { PACKAGE_ROOT } from '../package-root.ts';
import { siteConfig } from './config.ts';
import { siteData, type SiteOptions } from './data.ts';
import { MARKER_TEXT, SITE_MARKER } from './out-dir.ts';

export interface SiteBuild extends SiteOptions {
  /** Output directory (absolute). */
  out: string;
}

const STOP_SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/** Rename, or copy and delete when `to` is on another file system. */
function move(from: string, to: string): void {
  try {
    renameSync(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    cpSync(from, to, { recursive: true });
    rmSync(from, { recursive: true, force: true });
  }
}

/** `path` is `out`, in it, or one of the build's own folders next to `out` or in the working directory. */
function ownPath(path: string, out: string): boolean {
  if (path === out || inside(path, out)) return true;
  const [first] = relative(dirname(out), path).split(sep);
  if (first.startsWith(`.${basename(out)}.opsbook-`)) return true;
  const [own] = relative(process.cwd(), path).split(sep);
  return own.startsWith('.opsbook-build-');
}

/** Codes that say the disk or its file system refused, wherever the build was writing. */
const DISK_FAULTS = new Set(['EROFS', 'ENOSPC', 'EDQUOT', 'EIO']);

/**
 * Why `error`, a failure of buildSite, means the manual could not be written into `out` (a
 * sentence and a hint, `shown` being how the user wrote it), or undefined when it is something else. A
 * full or read-only disk counts wherever it happened; a missing folder or a permission only
 * where the build writes (`out` and its own folders), not in what it reads (the run logs).
 */
export function notWritten(error: unknown, out: string, shown: string): { message: string; hint: string } | undefined {
  const code = fsErrorCode(error);
  if (!code) return undefined;
  const { path, dest } = error as NodeJS.ErrnoException & { dest?: string };
  const at = dest ?? path;
  const nextToOut = at !== undefined && ownPath(at, out);
  if (!DISK_FAULTS.has(code) && !nextToOut) return undefined;
  const where = at === undefined || nextToOut ? `into \`${shown}\`` : `in \`${dirname(at)}\``;
  const full = code === 'ENOSPC' || code === 'EDQUOT';
  return {
    message: `Cannot write the manual ${where}: ${whyNotWritten(code)} (${code})`,
    hint: `Nothing was replaced. ${full ? 'Free some space, or pass --out a folder on another disk.' : 'Pass --out a folder you can write.'}`,
  };
}

function inside(path: string, folder: string): boolean {
  const rel = relative(folder, path);
  return rel !== '' && !rel.startsWith(`..${sep}`) && rel !== '..';
}

/**
 * Astro 5 writes a static build's prerender chunks into `outDir` only when it lies inside
 * `process.cwd()`; otherwise it builds in `<cwd>/.astro/` and deletes that folder afterwards
 * (`getOutDirWithinCwd` in astro/dist/core/build/common.js; no option moves it). So when
 * the folder next to `out` is outside the working directory, Astro gets a fresh folder of
 * its own inside it, moved next to `out` afterwards. The chunks import packages by name, so
 * outside opsbook's folder (where Node would not find them) they bundle them (`ssr.noExternal`).
 */
export async function buildSite({ out, catalog, ...options }: SiteBuild): Promise<void> {
  const staging = mkdtempSync(join(dirname(out), `.${basename(out)}.opsbook-`));
  const old = `${staging}.old`;
  let astroOut = staging;
  // Astro's telemetry has no option, only this variable (read by @astrojs/telemetry).
  process.env.ASTRO_TELEMETRY_DISABLED = '1';
  const discard = () => {
    rmSync(staging, { recursive: true, force: true });
    rmSync(astroOut, { recursive: true, force: true });
  };
  // Stopped part way (Ctrl-C, kill): the half-built folders go, then the signal ends the
  // process as it would have. The swap below is synchronous, so no signal lands inside it.
  const stopped = (signal: NodeJS.Signals) => {
    discard();
    for (const s of STOP_SIGNALS) process.removeListener(s, stopped);
    process.kill(process.pid, signal);
  };
  for (const s of STOP_SIGNALS) process.once(s, stopped);
  try {
    if (!inside(staging, process.cwd())) astroOut = mkdtempSync(join(process.cwd(), '.opsbook-build-'));
    // The pages' data first, so that what making it leaves behind is collected before Vite's build.
    const config = siteConfig({ ...options, data: await siteData({ ...options, ...(catalog ? { catalog } : {}) }) });
    const { build } = await import('astro');
    const vite = inside(astroOut, PACKAGE_ROOT) ? config.vite : { ...config.vite, ssr: { noExternal: true as const } };
    await build({ ...config, vite, root: PACKAGE_ROOT, configFile: false, outDir: astroOut, logLevel: 'warn', mode: 'production' });
    writeFileSync(join(astroOut, SITE_MARKER), MARKER_TEXT);
    if (astroOut !== staging) {
      rmSync(staging, { recursive: true });
      move(astroOut, staging);
    }
    if (existsSync(out)) renameSync(out, old);
    renameSync(staging, out);
    rmSync(old, { recursive: true, force: true });
  } catch (error) {
    discard();
    throw error;
  } finally {
    for (const s of STOP_SIGNALS) process.removeListener(s, stopped);
  }
}
