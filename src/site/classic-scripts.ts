// An Astro integration that turns each page's module scripts into one classic, deferred script,
// so the manual works from a copied folder opened with file://. Chromium loads a module
// script (and every chunk it imports, even by `import()`) from file:// only through CORS, which
// a file has no origin for: every script of the page would be blocked. A classic script is not.
//
// After the build, the module scripts a page names (`<script type="module" src>`, in their
// order) are bundled by esbuild into one IIFE with their imports and dynamic imports inlined,
// shared by every page that names the same scripts; the page gets `<script defer src>`, which
// runs where the module scripts ran (after parsing, in document order with other deferred
// scripts). The module chunks that were bundled are removed. Run before relativeLinks, which
// makes the new `src` relative.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const MODULE_SCRIPT = /<script type="module" src="(\/[^"]+)"><\/script>/g;

/** The root-absolute `src` of each module script of `html`, in document order. */
export function moduleScripts(html: string): string[] {
  return [...html.matchAll(MODULE_SCRIPT)].map((match) => match[1]);
}

/** `html` with its module scripts replaced by one deferred classic script `src` where the first was. */
export function withClassicScript(html: string, src: string): string {
  let first = true;
  return html.replace(MODULE_SCRIPT, () => {
    if (!first) return '';
    first = false;
    return `<script defer src="${src}"></script>`;
  });
}

/** One IIFE of the module scripts `srcs` (root-absolute) under `root`; returns its code and the files it read. */
async function bundle(root: string, srcs: string[]): Promise<{ code: string; inputs: string[] }> {
  const result = await build({
    stdin: { contents: srcs.map((src) => `import ${JSON.stringify('.' + src)};`).join('\n'), resolveDir: root, loader: 'js' },
    bundle: true,
    format: 'iife',
    minify: true,
    write: false,
    metafile: true,
    logLevel: 'silent',
    target: 'es2022',
    absWorkingDir: root,
  });
  return { code: result.outputFiles[0].text, inputs: Object.keys(result.metafile.inputs).filter((input) => input !== '<stdin>') };
}

function htmlFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.html'))
    .map((entry) => join(entry.parentPath, entry.name));
}

/** Give every page of the built site at `root` classic scripts instead of module scripts. */
export async function classicScriptsIn(root: string): Promise<void> {
  const bundles = new Map<string, Promise<string>>();
  const bundled = new Set<string>();
  const bundleFor = (srcs: string[]): Promise<string> => {
    const key = srcs.join('\n');
    let src = bundles.get(key);
    if (!src) {
      src = bundle(root, srcs).then(({ code, inputs }) => {
        for (const input of inputs) bundled.add(resolve(root, input));
        const name = `_astro/page.${createHash('sha256').update(code).digest('hex').slice(0, 10)}.js`;
        writeFileSync(join(root, name), code);
        return `/${name}`;
      });
      bundles.set(key, src);
    }
    return src;
  };
  // One page at a time: the pages of a large manual are not all held in memory at once.
  for (const file of htmlFiles(root)) {
    const html = readFileSync(file, 'utf8');
    const srcs = moduleScripts(html);
    if (srcs.length > 0) writeFileSync(file, withClassicScript(html, await bundleFor(srcs)));
  }
  for (const file of bundled) rmSync(file, { force: true });
}

export function classicScripts() {
  return {
    name: 'opsbook-classic-scripts',
    hooks: {
      'astro:build:done': ({ dir }: { dir: URL }) => classicScriptsIn(fileURLToPath(dir)),
    },
  };
}
