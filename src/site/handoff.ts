// The catalog `opsbook build` has already read and checked, handed to the site's pages so
// that a build parses every runbook once. Astro loads the pages through Vite as separate
// module instances, so the hand-over goes through a global symbol, not module state.
import type { Catalog } from '../model.ts';

const KEY = Symbol.for('opsbook.site.catalog');
const slot = globalThis as { [KEY]?: Catalog };

export function handOver(catalog: Catalog | undefined): void {
  if (catalog) slot[KEY] = catalog;
  else delete slot[KEY];
}

export function handedOver(): Catalog | undefined {
  return slot[KEY];
}
