// The pages get their data from the opsbook integration and read no file themselves: nothing
// under site/ imports, however indirectly, a module that reads the disk or runs a process.
// So the runbooks and every run log are read once per build, by the integration
// (src/site/data.ts), not once per page.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const SITE = join(ROOT, 'site');
const READERS = new Set(['node:fs', 'node:fs/promises', 'fs', 'node:child_process', 'child_process']);

/** The modules a file imports for their values (`import type` and type-only braces left out). */
function valueImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found: string[] = [];
  for (const m of text.matchAll(/^\s*import\s+(?:([^'";]*?)\s+from\s+)?['"]([^'"]+)['"]/gm)) {
    const names = m[1]?.trim() ?? '';
    const typeOnly =
      names.startsWith('type ') ||
      (names.startsWith('{') &&
        names.endsWith('}') &&
        names
          .slice(1, -1)
          .split(',')
          .every((name) => name.trim() === '' || name.trim().startsWith('type ')));
    if (!typeOnly) found.push(m[2]);
  }
  return found;
}

/** Each module that reads the disk, as the chain of imports from a site file that reaches it. */
function readersBehind(entry: string): string[] {
  const chains: string[] = [];
  const seen = new Set<string>();
  const walk = (file: string, chain: string[]): void => {
    if (seen.has(file)) return;
    seen.add(file);
    const here = [...chain, relative(ROOT, file)];
    for (const spec of valueImports(file)) {
      if (READERS.has(spec)) chains.push(`${here.join(' → ')} → ${spec}`);
      else if (spec.startsWith('.')) {
        const target = resolve(dirname(file), spec);
        if (existsSync(target)) walk(target, here);
      }
    }
  };
  walk(entry, []);
  return chains;
}

describe('the site', () => {
  it('reads no file itself: no page, component or script reaches node:fs or a child process', () => {
    const files = readdirSync(SITE, { recursive: true, encoding: 'utf8' }).filter((f) => /\.(ts|astro|mdx)$/.test(f) && !f.endsWith('.d.ts'));
    expect(files.length).toBeGreaterThan(20);
    expect(files.flatMap((f) => readersBehind(join(SITE, f)))).toEqual([]);
  });

  it('takes its data from the virtual module the integration makes', () => {
    expect(valueImports(join(SITE, 'lib', 'manual.ts'))).toContain('virtual:opsbook/manual');
  });
});
