// An Astro integration that turns each page's module scripts into one classic, deferred script,
// so the manual works from a copied folder opened with file://. Chromium loads a module
// script (and every chunk it imports, even by `import()`) from file:// only through CORS, which
// a file has no origin for: every script of the page would be blocked. A classic script is not.
//
// After the build, the module scripts a page names (`<script type="module" src>`, in their
// order) are bundled by esbuild into one IIFE with their static imports inlined, shared by
// every page that names the same scripts; the page gets `<script defer src>`, which runs where
// the module scripts ran (after parsing, in document order with other deferred scripts). A
// chunk loaded by `import("./x.js")` stays lazy: it becomes a classic script of its own, in its
// place, that a small loader adds to the page when the code first asks for it (the search
// code, fetched at the first keystroke as before). The module chunks that were bundled are
// removed. Run before relativeLinks, which makes the new `src` relative.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';

const MODULE_SCRIPT = /<script type="module" src="(\/[^"]+)"><\/script>/g;
const DYNAMIC_IMPORT = /\bimport\((["'])\.\/([^"'/]+\.js)\1\)/g;

/** `opsbookChunk("x.js")`: the exports of the lazy chunk `_astro/x.js`, added to the page once. */
const LOADER = `var opsbookChunk=function(f){var c=globalThis.opsbookChunks||(globalThis.opsbookChunks={});var m=globalThis.opsbookModules||(globalThis.opsbookModules={});if(!c[f])c[f]=new Promise(function(ok,fail){var s=document.createElement("script"),r=document.querySelector('meta[name="opsbook-root"]');s.src=new URL("_astro/"+f,new URL(r?r.content:"./",location.href)).href;s.onload=function(){ok(m[f])};s.onerror=function(){delete c[f];s.remove();fail(new Error("could not load "+f))};document.head.append(s)});return c[f]};`;

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

/** Reads the built chunks with each `import("./x.js")` as a call of the loader; notes `x.js` in `lazy`. */
function lazyImports(lazy: Set<string>): Plugin {
  return {
    name: 'opsbook-lazy-chunks',
    setup(plugin) {
      plugin.onLoad({ filter: /\.js$/ }, (args) => ({
        contents: readFileSync(args.path, 'utf8').replace(DYNAMIC_IMPORT, (_match, _quote, file: string) => {
          lazy.add(join(dirname(args.path), file));
          return `opsbookChunk(${JSON.stringify(file)})`;
        }),
        loader: 'js',
      }));
    },
  };
}

interface Bundle {
  code: string;
  /** The files bundled (absolute). */
  inputs: string[];
}

/** One IIFE of `contents` (an entry module) under `root`; a lazy chunk registers its exports under `chunk`. */
async function bundle(root: string, contents: string, lazy: Set<string>, chunk?: string): Promise<Bundle> {
  const result = await build({
    stdin: { contents, resolveDir: root, loader: 'js' },
    bundle: true,
    format: 'iife',
    minify: true,
    write: false,
    metafile: true,
    logLevel: 'silent',
    target: 'es2022',
    absWorkingDir: root,
    plugins: [lazyImports(lazy)],
    banner: { js: LOADER },
    ...(chunk && {
      globalName: 'opsbookModule',
      footer: { js: `(globalThis.opsbookModules||(globalThis.opsbookModules={}))[${JSON.stringify(chunk)}]=opsbookModule;` },
    }),
  });
  const inputs = Object.keys(result.metafile.inputs).filter((input) => input !== '<stdin>');
  return { code: result.outputFiles[0].text, inputs: inputs.map((input) => resolve(root, input)) };
}

function htmlFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.html'))
    .map((entry) => join(entry.parentPath, entry.name));
}

const importsOf = (srcs: string[]) => srcs.map((src) => `import ${JSON.stringify('.' + src)};`).join('\n');

/** Give every page of the built site at `root` classic scripts instead of module scripts. */
export async function classicScriptsIn(root: string): Promise<void> {
  const bundles = new Map<string, Promise<string>>();
  const bundled = new Set<string>();
  const lazy = new Set<string>();
  const bundleFor = (srcs: string[]): Promise<string> => {
    const key = srcs.join('\n');
    let src = bundles.get(key);
    if (!src) {
      src = bundle(root, importsOf(srcs), lazy).then(({ code, inputs }) => {
        for (const input of inputs) bundled.add(input);
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
  // Each lazy chunk (and any it loads lazily itself) becomes a classic script in its own place.
  const done = new Set<string>();
  const written = new Map<string, string>();
  for (let next = [...lazy]; next.length > 0; next = [...lazy].filter((file) => !done.has(file))) {
    for (const file of next) {
      done.add(file);
      const { code, inputs } = await bundle(root, `export * from ${JSON.stringify('./' + join('_astro', basename(file)))};`, lazy, basename(file));
      for (const input of inputs) bundled.add(input);
      written.set(file, code);
    }
  }
  for (const file of bundled) if (!written.has(file)) rmSync(file, { force: true });
  for (const [file, code] of written) writeFileSync(file, code);
}

export function classicScripts() {
  return {
    name: 'opsbook-classic-scripts',
    hooks: {
      'astro:build:done': ({ dir }: { dir: URL }) => classicScriptsIn(fileURLToPath(dir)),
    },
  };
}
