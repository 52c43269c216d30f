// The Operations Manual's Astro configuration, one for `opsbook build` (through Astro's
// `build()` with this as its inline configuration) and for `astro dev` (astro.config.mjs).
import mdx from '@astrojs/mdx';
import type { AstroInlineConfig } from 'astro';
import { opsbookManual } from './integration.ts';
import type { SiteOptions } from './data.ts';
import { classicScripts } from './classic-scripts.ts';
import { relativeLinks } from './relative-links.ts';

export function siteConfig(options: SiteOptions) {
  return {
    srcDir: './site',
    publicDir: './site/public',
    trailingSlash: 'always',
    build: { format: 'directory', inlineStylesheets: 'always' },
    // Static and self-contained: no telemetry, no dev toolbar, no image service.
    devToolbar: { enabled: false },
    image: { service: { entrypoint: 'astro/assets/services/noop' } },
    // classicScripts before relativeLinks: it reads and writes root-absolute `src`s.
    integrations: [mdx(), classicScripts(), relativeLinks(), opsbookManual(options)],
    // Vite's preload helper writes root-absolute chunk URLs; without it, chunks load by
    // relative import and the manual works from any sub-path.
    vite: { build: { modulePreload: false } },
  } satisfies AstroInlineConfig;
}
