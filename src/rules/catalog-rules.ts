// Rules across files.
import type { CatalogRule, RunbookHeader } from './types.ts';

export const catalogRules: CatalogRule[] = [
  {
    scope: 'catalog',
    id: 'runbook-duplicate-id',
    severity: 'error',
    description: 'Two runbooks have the same id (reported on each of them).',
    hint: 'Runbook ids are unique across the manual; rename one of them.',
    check(runbooks, report) {
      const byId = new Map<string, RunbookHeader[]>();
      for (const runbook of runbooks) {
        if (runbook.meta.id) byId.set(runbook.meta.id, [...(byId.get(runbook.meta.id) ?? []), runbook]);
      }
      for (const [id, same] of byId) {
        if (same.length < 2) continue;
        for (const runbook of same) {
          const others = same.filter((r) => r !== runbook).map((r) => r.path);
          report(
            runbook.path,
            runbook.positions.get('/id'),
            `Runbook id \`${id}\` is also used by ${others.length === 1 ? others[0] : `${others.slice(0, -1).join(', ')} and ${others.at(-1)}`}`,
          );
        }
      }
    },
  },
];
