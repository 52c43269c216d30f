// The Astro integration that gives the pages their data: the engine's catalog, the run logs,
// the audit and the build's options, as the virtual module `virtual:opsbook/manual` (the way
// Starlight hands its configuration to its pages in `virtual:starlight/user-config`). The same
// integration serves `opsbook build` (given the catalog it has checked) and `astro dev`
// (which reads the runbooks folder itself, and again whenever a file in it changes).
import type { AstroIntegration } from 'astro';
import { resolve, sep } from 'node:path';
import type { Plugin, ViteDevServer } from 'vite';
import { siteData, siteModule, type SiteOptions } from './data.ts';

const MODULE_ID = 'virtual:opsbook/manual';
const RESOLVED_ID = `\0${MODULE_ID}`;

function vitePlugin(options: SiteOptions): Plugin {
  let module: Promise<string> | undefined;
  const folder = resolve(options.cwd, options.runbooks);
  return {
    name: 'opsbook-manual',
    resolveId: (id) => (id === MODULE_ID ? RESOLVED_ID : undefined),
    load(id) {
      if (id !== RESOLVED_ID) return undefined;
      module ??= siteData(options).then(siteModule);
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

export function opsbookManual(options: SiteOptions): AstroIntegration {
  return {
    name: 'opsbook-manual',
    hooks: {
      'astro:config:setup': ({ updateConfig }) => {
        updateConfig({ vite: { plugins: [vitePlugin(options)] } });
      },
    },
  };
}
