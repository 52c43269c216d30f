// An Astro integration that makes every root-relative URL in the built HTML relative to its
// page, so `dist/` works served from any sub-path or static host. Pages link as `/x/`.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ATTR = /\b(href|src|action|content)="\/(?!\/)([^"]*)"/g;

/** Rewrite `href="/a/b/"` in a page `depth` folders below the root to `href="../../a/b/"`. */
export function relativise(html: string, depth: number): string {
  const up = depth === 0 ? './' : '../'.repeat(depth);
  return html.replace(ATTR, (_match, attr: string, rest: string) => {
    return `${attr}="${up}${rest}"`;
  });
}

function htmlFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.html'))
    .map((entry) => join(entry.parentPath, entry.name));
}

export function relativeLinks() {
  return {
    name: 'opsbook-relative-links',
    hooks: {
      'astro:build:done': ({ dir }: { dir: URL }) => {
        const root = fileURLToPath(dir);
        for (const file of htmlFiles(root)) {
          const depth = relative(root, file).split(sep).length - 1;
          writeFileSync(file, relativise(readFileSync(file, 'utf8'), depth));
        }
      },
    },
  };
}
