// Reviews: every runbook reviewed on time, within the interval its tier allows.
import { addDays } from '../../coverage/clock.ts';
import type { AuditRule } from '../types.ts';

export const reviewRules: AuditRule[] = [
  {
    id: 'review-never',
    severity: 'error',
    description: 'The runbook has no valid review date or interval.',
    check(ctx, report) {
      for (const r of ctx.runbooks) if (!r.meta.review.due) report(r.meta.id, 'No valid review date or interval', r);
    },
  },
  {
    id: 'review-overdue',
    severity: 'warning',
    description: 'The runbook is past its review date (as in `check`).',
    check(ctx, report) {
      for (const r of ctx.runbooks) {
        const due = r.meta.review.due;
        if (due && due < ctx.today) report(r.meta.id, `Review was due ${due} (last ${r.meta.review.last_reviewed}, every ${r.meta.review.interval})`, r);
      }
    },
  },
  {
    id: 'review-due-soon',
    severity: 'warning',
    description: 'The review falls due within 14 days.',
    check(ctx, report) {
      for (const r of ctx.runbooks) {
        const due = r.meta.review.due;
        if (due && due >= ctx.today && due <= addDays(ctx.today, ctx.options.dueSoonDays)) report(r.meta.id, `Review is due ${due}`, r);
      }
    },
  },
  {
    id: 'review-interval-too-long',
    severity: 'warning',
    description: "The review interval is longer than `policy.review_max_days` allows for the runbook's tier.",
    check(ctx, report) {
      for (const r of ctx.runbooks) {
        const max = ctx.options.reviewMaxDays?.[r.meta.tier];
        if (max !== undefined && r.meta.review.intervalDays > max)
          report(r.meta.id, `Reviewed every ${r.meta.review.interval}; the policy allows at most ${max} days for Tier ${r.meta.tier}`, r);
      }
    },
  },
];
