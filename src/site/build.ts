// Build the static manual: the catalog must be free of errors, then Astro renders it into a
// fresh directory that replaces `out` only when the whole build succeeded, so a failed build
// never leaves a half-written manual behind.
import { cpSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PACKAGE_ROOT } from '../package-root.ts';
import { siteConfig } from './config.ts';
import type { SiteOptions } from './data.ts';

export interface SiteBuild extends SiteOptions {
  /** Output directory (absolute). */
  out: string;
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

/**
 * Astro 5 writes a static build's prerender chunks into `outDir` only when it lies inside
 * `process.cwd()`; otherwise into `<cwd>/.astro/`, which it deletes afterwards
 * (`getOutDirWithinCwd` in astro/dist/core/build/common.js; no option moves them). So Astro
 * builds into a fresh folder of its own inside the working directory, and its chunks bundle
 * their packages (`ssr.noExternal`) so that they run from there, wherever opsbook is installed.
 */
export async function buildSite({ out, ...options }: SiteBuild): Promise<void> {
  const staging = mkdtempSync(join(process.cwd(), '.opsbook-build-'));
  // Astro's telemetry has no option, only this variable (read by @astrojs/telemetry).
  process.env.ASTRO_TELEMETRY_DISABLED = '1';
  try {
    const { build } = await import('astro');
    const config = siteConfig(options);
    await build({ ...config, vite: { ...config.vite, ssr: { noExternal: true } }, root: PACKAGE_ROOT, configFile: false, outDir: staging, logLevel: 'warn', mode: 'production' });
    const next = `${out}.new-${process.pid}`;
    move(staging, next);
    const old = `${out}.old-${process.pid}`;
    if (existsSync(out)) renameSync(out, old);
    renameSync(next, out);
    rmSync(old, { recursive: true, force: true });
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
}
