// Loads opsbook's TypeScript engine with no build step. The first run after a change to
// src/ or schemas/ (or to the installed packages, or to Node) bundles src/ with esbuild into
// one folder under node_modules/.cache/opsbook/; every later run loads that, which starts several
// times faster than compiling module by module through a loader. Where the bundle cannot
// be written or built, tsx runs the sources as they are. Source maps are written beside the
// bundle, and read by Node under --debug, so a stack names the src/*.ts file and line.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { sourceFingerprint } from '../src/fingerprint.js';

const ROOT = join(import.meta.dirname, '..');
const CACHE = join(ROOT, 'node_modules', '.cache', 'opsbook');

/** The folder of the bundle of these sources, built if missing. */
async function bundle() {
  // This file is part of the key: a change to how the bundle is built makes a new one.
  const key = createHash('sha256')
    .update(process.version)
    .update(readFileSync(import.meta.filename))
    .update(sourceFingerprint(ROOT));
  const dir = join(CACHE, key.digest('hex').slice(0, 16));
  if (existsSync(join(dir, 'cli.mjs'))) return dir;
  mkdirSync(CACHE, { recursive: true });
  const staging = `${dir}.tmp-${process.pid}`;
  const { build } = await import('esbuild');
  try {
    await build({
      entryPoints: { cli: join(ROOT, 'src', 'cli', 'main.ts') },
      outdir: staging,
      outExtension: { '.js': '.mjs' },
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      packages: 'external',
      sourcemap: 'linked',
      sourcesContent: false,
      logLevel: 'silent',
    });
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  try {
    renameSync(staging, dir);
  } catch (error) {
    // Another process finished the same bundle first: theirs is as good.
    rmSync(staging, { recursive: true, force: true });
    if (!existsSync(join(dir, 'cli.mjs'))) throw error;
  }
  prune(dir);
  return dir;
}

/** Bundles of earlier sources, a day after they were made (a process may still be using one). */
function prune(keep) {
  for (const entry of readdirSync(CACHE)) {
    const full = join(CACHE, entry);
    try {
      if (full !== keep && Date.now() - statSync(full).mtimeMs > 86_400_000) rmSync(full, { recursive: true, force: true });
    } catch {
      // Pruned by another process meanwhile.
    }
  }
}

/**
 * The engine's `main`, from the bundle, or through tsx when there is none. With `debug`,
 * stacks are mapped back to the sources, and `warn` is told why the bundle was not used.
 */
export async function loadMain({ debug = false, warn = () => {} } = {}) {
  let dir;
  try {
    dir = await bundle();
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    if (debug) warn(`opsbook: running the sources through tsx, because the engine bundle could not be made in ${CACHE}: ${why}\n`);
    const { register } = await import('tsx/esm/api');
    register();
    return (await import('../src/cli/main.ts')).main;
  }
  if (debug) process.setSourceMapsEnabled(true);
  return (await import(pathToFileURL(join(dir, 'cli.mjs')).href)).main;
}
