// The Operations Manual site. `opsbook build` runs this after `opsbook check` has passed;
// OPSBOOK_RUNBOOKS and OPSBOOK_OUT let it build another folder into another directory.
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import { relativeLinks } from './src/site/relative-links.ts';

export default defineConfig({
  srcDir: './site',
  publicDir: './site/public',
  outDir: process.env.OPSBOOK_OUT || './dist',
  trailingSlash: 'always',
  build: { format: 'directory', inlineStylesheets: 'always' },
  // Static and self-contained: no telemetry, no dev toolbar, no image service.
  devToolbar: { enabled: false },
  image: { service: { entrypoint: 'astro/assets/services/noop' } },
  integrations: [mdx(), relativeLinks()],
  // Vite's preload helper writes root-absolute chunk URLs; without it, chunks load by
  // relative import and the manual works from any sub-path.
  vite: { build: { modulePreload: false } },
});
