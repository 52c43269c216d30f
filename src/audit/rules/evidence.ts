// Exercise and the logs behind it: a recovery procedure proves itself by a run, and the
// strength of the evidence is told: a signed run or record, a terminal run, or an unsigned
// browser record (self-reported); a log that `opsbook log verify` fails counts for nothing.
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
    description: 'A recoverability runbook was exercised only by an unsigned browser record (self-reported): gold needs a terminal run or a signed record.',
    check(ctx, report) {
      for (const r of ctx.runbooks.filter((x) => x.meta.category === 'recoverability')) {
        const e = ctx.evidence(r);
        if (e.strength === 'self-reported')
          report(
            r.meta.id,
            `Exercised (self-reported): a browser record of ${e.lastSuccess!.slice(0, 10)}, no terminal run or signed record within ${ctx.options.exerciseDays} days`,
            r,
          );
      }
    },
  },
  {
    id: 'log-unverified',
    severity: 'error',
    description:
      'A run log (or the ledger) fails `opsbook log verify`: edited, cut, not in the ledger, or signed by a key not in org.yaml; it counts for nothing.',
    check(ctx, report) {
      for (const u of ctx.unverified)
        report(u.file, `The run log fails \`opsbook log verify\` at line ${u.line} (${u.problem}): it counts for nothing as evidence`);
    },
  },
];
