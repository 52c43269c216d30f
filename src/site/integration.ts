// The Astro integration that gives the pages their data: the engine's catalog, the run logs,
// the audit and the build's options, as the virtual module `virtual:opsbook/manual` (the way
// Starlight hands its configuration to its pages in `virtual:starlight/user-config`). The same
// integration serves `opsbook build` (given the data made from the catalog it has checked)
// and `astro dev` (which reads the runbooks folder itself, and again when a file in it changes).
//
// Unlike a configuration, the data is large (7 MB of JSON for 1,000 runbooks): as a module's
// source, Vite would parse and keep it through the whole build (measured: +150 MB peak). So
// the module is two lines that read it from a JSON file of the integration's own.
import type { AstroIntegration } from 'astro';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, sep } from 'node:path';
import type { Plugin, ViteDevServer } from 'vite';
import { siteData, type SiteOptions } from './data.ts';

const MODULE_ID = 'virtual:opsbook/manual';
const RESOLVED_ID = `\0${MODULE_ID}`;

/** The JSON files this process wrote, removed when the build or the dev server ends, or at exit. */
class DataFiles {
  private dir: string | undefined;
  private count = 0;
  private readonly cleanUp = () => this.remove();

  async write(options: SiteOptions): Promise<string> {
    const json = JSON.stringify(await siteData(options));
    if (!this.dir) {
      this.dir = mkdtempSync(join(tmpdir(), 'opsbook-site-data-'));
      process.once('exit', this.cleanUp);
    }
    const file = join(this.dir, `manual-${++this.count}.json`);
    writeFileSync(file, json);
    return file;
  }

  remove(): void {
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
    this.dir = undefined;
    process.removeListener('exit', this.cleanUp);
  }
}

function vitePlugin(given: SiteOptions, files: DataFiles): Plugin {
  let module: Promise<string> | undefined;
  let options = given;
  const folder = resolve(options.cwd, options.runbooks);
  return {
    name: 'opsbook-manual',
    resolveId: (id) => (id === MODULE_ID ? RESOLVED_ID : undefined),
    load(id) {
      if (id !== RESOLVED_ID) return undefined;
      module ??= files.write(options).then((file) => {
        // Written: a later load (`astro dev`, after a change) reads the folder again, and the
        // catalog and data given by `opsbook build` can be collected.
        options = withoutHandOver(options);
        return `import { readFileSync } from 'node:fs';\nexport default JSON.parse(readFileSync(${JSON.stringify(file)}, 'utf8'));\n`;
      });
      return module;
    },
    // `astro dev`: a changed runbook or org file reloads the pages with a fresh catalog.
    configureServer(server: ViteDevServer) {
      server.watcher.add(folder);
      server.watcher.on('all', (_event, path) => {
        if (path !== folder && !path.startsWith(folder + sep)) return;
        module = undefined;
        const loaded = server.moduleGraph.getModuleById(RESOLVED_ID);
        if (loaded) server.moduleGraph.invalidateModule(loaded);
        server.ws.send({ type: 'full-reload' });
      });
    },
  };
}

/** Options without what `opsbook build` handed over: what is left to read the folder again. */
function withoutHandOver({ catalog: _catalog, data: _data, ...rest }: SiteOptions): SiteOptions {
  return rest;
}

export function opsbookManual(given: SiteOptions): AstroIntegration {
  const files = new DataFiles();
  let options = given;
  return {
    name: 'opsbook-manual',
    hooks: {
      'astro:config:setup': ({ updateConfig }) => {
        updateConfig({ vite: { plugins: [vitePlugin(options, files)] } });
        // Only the plugin keeps the catalog and data, until it has written them.
        options = withoutHandOver(options);
      },
      'astro:build:done': () => files.remove(),
      'astro:server:done': () => files.remove(),
    },
  };
}
