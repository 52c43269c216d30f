// Dates, durations and reviews.
import { DURATION_PATTERN, isoDate, parseDate, parseDuration } from '../parse/duration.ts';
import type { RunbookRule } from './types.ts';

function durationFields(raw: Record<string, unknown>): { pointer: string; value: string; minMs: number; label: string }[] {
  const fields: { pointer: string; value: string; minMs: number; label: string }[] = [];
  const review = raw.review as Record<string, unknown> | undefined;
  if (review && typeof review.interval === 'string')
    fields.push({ pointer: '/review/interval', value: review.interval, minMs: 86_400_000, label: 'review interval' });
  if (Array.isArray(raw.escalation)) {
    raw.escalation.forEach((level, index) => {
      const after = (level as Record<string, unknown> | null)?.after;
      if (typeof after === 'string') fields.push({ pointer: `/escalation/${index}/after`, value: after, minMs: 1_000, label: 'escalation `after`' });
    });
  }
  if (typeof raw.timeout === 'string') fields.push({ pointer: '/timeout', value: raw.timeout, minMs: 1_000, label: 'timeout' });
  return fields;
}

export const timingRules: RunbookRule[] = [
  {
    scope: 'runbook',
    id: 'date-invalid',
    severity: 'error',
    description: 'A date is not a real calendar date in the form YYYY-MM-DD.',
    hint: 'Write the date as YYYY-MM-DD, e.g. `2026-09-14`.',
    check({ raw, at }, report) {
      const review = raw.review as Record<string, unknown> | undefined;
      const value = review?.last_reviewed;
      if (typeof value === 'string' && !parseDate(value)) {
        report(at('/review/last_reviewed'), `\`${value}\` is not a date; expected YYYY-MM-DD of a day that exists (e.g. \`2026-09-14\`)`);
      }
    },
  },
  {
    scope: 'runbook',
    id: 'duration-invalid',
    severity: 'error',
    description: 'A duration is not a whole number and a unit (s, m, h, d, w).',
    hint: 'Write e.g. `15m`, `2h`, `90d` or `13w` (m is minutes).',
    check({ raw, runbook, at }, report) {
      for (const field of durationFields(raw)) {
        const ms = parseDuration(field.value);
        if (ms === undefined)
          report(at(field.pointer), `Invalid ${field.label} \`${field.value}\`; expected a whole number and a unit s, m, h, d or w (e.g. \`15m\`, \`90d\`)`);
        else if (ms < field.minMs)
          report(
            at(field.pointer),
            `The ${field.label} \`${field.value}\` is too short; expected at least ${field.minMs >= 86_400_000 ? 'one day (`1d`)' : 'one second'}`,
          );
      }
      for (const step of runbook.steps) {
        if (step.timeout !== undefined && !DURATION_PATTERN.test(step.timeout)) {
          report(
            step.span,
            `Invalid timeout \`${step.timeout}\` on step \`${step.id}\`; expected a whole number and a unit s, m, h, d or w (e.g. \`10m\`, \`30d\`)`,
          );
        }
      }
    },
  },
  {
    scope: 'runbook',
    id: 'review-overdue',
    severity: 'warning',
    description: 'The runbook is past its review date.',
    hint: 'Review the procedure with its owner, then update `review.last_reviewed`.',
    check({ runbook, now, at }, report) {
      const { due, last_reviewed } = runbook.meta.review;
      if (due && due < isoDate(now)) {
        report(at('/review/last_reviewed'), `Review overdue since ${due} (last reviewed ${last_reviewed}, every ${runbook.meta.review.interval})`);
      }
    },
  },
  {
    scope: 'runbook',
    id: 'review-in-future',
    severity: 'error',
    description: 'The last review date is in the future.',
    hint: 'Set `review.last_reviewed` to the day the review actually happened.',
    check({ runbook, now, at }, report) {
      const date = runbook.meta.review.last_reviewed;
      if (parseDate(date) && date > isoDate(now)) report(at('/review/last_reviewed'), `Last review date ${date} is in the future (today is ${isoDate(now)})`);
    },
  },
  {
    scope: 'runbook',
    id: 'escalation-after-order',
    severity: 'error',
    description: 'Escalation levels are not in order of their `after` delay.',
    hint: 'Each level must engage later than the one before it; give later levels a larger `after`.',
    check({ runbook, at }, report) {
      const levels = runbook.meta.escalation;
      for (let i = 1; i < levels.length; i++) {
        if (levels[i].after !== undefined && levels[i].afterMinutes <= levels[i - 1].afterMinutes && parseDuration(levels[i].after!) !== undefined) {
          report(
            at(`/escalation/${i}/after`),
            `Level ${i + 1} engages after \`${levels[i].after}\`, not later than level ${i} (${levels[i - 1].after ?? 'at once'})`,
          );
        }
      }
    },
  },
];
