// Build the static manual into a fresh folder next to `out`, and swap it in only when the
// whole build succeeded: a failed build leaves the previous manual as it was. What `out` may
// be is decided before (src/site/out-dir.ts); the built folder carries the marker that lets
// a later build replace it.
import { cpSync, existsSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';
import { PACKAGE_ROOT } from '../package-root.ts';
import { siteConfig } from './config.ts';
import { siteData, type SiteOptions } from './data.ts';
import { MARKER_TEXT, SITE_MARKER } from './out-dir.ts';

export interface SiteBuild extends SiteOptions {
  /** Output directory (absolute). */
  out: string;
}

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
    rmSync(staging, { recursive: true, force: true });
    rmSync(astroOut, { recursive: true, force: true });
    throw error;
  }
}
