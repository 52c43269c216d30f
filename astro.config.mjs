// The Operations Manual site for `astro dev` and `astro build` in this folder: the bundled
// runbooks into dist/. `opsbook build` uses the same configuration (src/site/config.ts) with
// the catalog it has checked, another runbooks folder and another output folder.
import { defineConfig } from 'astro/config';
import { siteConfig } from './src/site/config.ts';

export default defineConfig({ ...siteConfig({ runbooks: 'runbooks', cwd: import.meta.dirname }), outDir: './dist' });
