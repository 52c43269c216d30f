// A runbook whose front-matter cannot be read is a process nobody can audit: it is named,
// not left out, so the report never looks complete while a file is missing from it.
import type { AuditRule } from '../types.ts';

export const unreadableRules: AuditRule[] = [
  {
    id: 'runbook-unreadable',
    severity: 'error',
    description: 'A runbook whose front-matter cannot be read (it fails `opsbook check`): its owner, backup, review and escalation cannot be audited.',
    check(ctx, report) {
      for (const r of ctx.catalog.runbooks.filter((x) => x.positions.size === 0)) {
        const first = ctx.catalog.diagnostics.find((d) => d.path === r.path && d.severity === 'error');
        const why = first ? ` (line ${first.line}: ${first.message})` : '';
        report(r.path, `The front-matter cannot be read${why}: nothing about this runbook can be audited until it is fixed`, r);
      }
    },
  },
];
