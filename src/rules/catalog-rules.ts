// Rules across files.
import type { CatalogRule } from './types.ts';

export const catalogRules: CatalogRule[] = [
  {
    scope: 'catalog',
    id: 'runbook-duplicate-id',
    severity: 'error',
    description: 'Two runbooks have the same id.',
    hint: 'Runbook ids are unique across the manual; rename one of them.',
    check(runbooks, report) {
      const first = new Map<string, string>();
      for (const runbook of runbooks) {
        const id = runbook.meta.id;
        if (!id) continue;
        const other = first.get(id);
        if (other) report(runbook.path, runbook.positions.get('/id'), `Runbook id \`${id}\` is already used by ${other}`);
        else first.set(id, runbook.path);
      }
    },
  },
];
