// The opsbook package's own folder (package.json, schemas/, site/, astro.config.mjs),
// wherever this code is loaded from: the sources under src/, or the bundle that
// bin/engine.js keeps under node_modules/.cache/opsbook/.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

function findRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'opsbook') return dir;
    if (dirname(dir) === dir) throw new Error(`opsbook's package.json was not found above ${from}`);
  }
}

export const PACKAGE_ROOT = findRoot(import.meta.dirname);
