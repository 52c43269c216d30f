// Exercise and the logs behind it: a recovery procedure proves itself by a run, and the
// strength of the evidence is told: a terminal run, or a browser record (self-reported).
import type { AuditRule } from '../types.ts';

export const evidenceRules: AuditRule[] = [
  {
    id: 'recovery-not-exercised',
    severity: 'warning',
    description: 'A recoverability runbook has no successful run (terminal or browser record) within the exercise period.',
    check(ctx, report) {
      for (const r of ctx.runbooks.filter((x) => x.meta.category === 'recoverability')) {
        const e = ctx.evidence(r);
        if (e.strength !== 'none') continue;
        report(
          r.meta.id,
          e.lastSuccess
            ? `Last successful run ${e.lastSuccess.slice(0, 10)}, more than ${ctx.options.exerciseDays} days ago`
            : 'Never run successfully: a recovery procedure nobody has exercised',
          r,
        );
      }
    },
  },
  {
    id: 'recovery-self-reported',
    severity: 'info',
    description: 'A recoverability runbook was exercised only by a browser record (self-reported): gold needs a terminal run.',
    check(ctx, report) {
      for (const r of ctx.runbooks.filter((x) => x.meta.category === 'recoverability')) {
        const e = ctx.evidence(r);
        if (e.strength === 'self-reported')
          report(
            r.meta.id,
            `Exercised (self-reported): a browser record of ${e.lastSuccess!.slice(0, 10)}, no terminal run within ${ctx.options.exerciseDays} days`,
            r,
          );
      }
    },
  },
  {
    id: 'log-unverified',
    severity: 'error',
    description: 'A run log fails `opsbook log verify`: it was edited, truncated or reordered, and counts for nothing.',
    check(ctx, report) {
      for (const file of ctx.unverified) report(file, 'The run log fails `opsbook log verify`: it was edited, truncated or reordered');
    },
  },
];
