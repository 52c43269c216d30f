// An Astro integration that makes every root-relative URL in the built HTML relative to its
// page, so `dist/` works served from any sub-path or static host. Pages link as `/x/`; a link
// or form to a folder goes to its `index.html`, so the manual also works opened from disk
// (file://), where a folder is a directory listing, and still over HTTP.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ATTR = /\b(href|src|action|content)="\/(?!\/)([^"]*)"/g;

/** `a/b/#x` → `a/b/index.html#x`: a folder's page, keeping any query and fragment. */
function folderPage(url: string): string {
  const end = url.search(/[?#]/);
  const path = end === -1 ? url : url.slice(0, end);
  return path === '' || path.endsWith('/') ? `${path}index.html${url.slice(path.length)}` : url;
}

/**
 * Rewrite `href="/a/b/"` in a page `depth` folders below the root to
 * `href="../../a/b/index.html"`; `src` and `content` (the root's meta tag) keep their folder.
 */
export function relativise(html: string, depth: number): string {
  const up = depth === 0 ? './' : '../'.repeat(depth);
  return html.replace(ATTR, (_match, attr: string, rest: string) => {
    return `${attr}="${up}${attr === 'href' || attr === 'action' ? folderPage(rest) : rest}"`;
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
