// Every audit check, in the order the README lists them.
import { coverageRules } from './rules/coverage.ts';
import { escalationRules } from './rules/escalation.ts';
import { evidenceRules } from './rules/evidence.ts';
import { ownershipRules } from './rules/ownership.ts';
import { reviewRules } from './rules/reviews.ts';
import { unreadableRules } from './rules/unreadable.ts';
import type { AuditRule } from './types.ts';

export const AUDIT_RULES: readonly AuditRule[] = [
  ...unreadableRules,
  ...ownershipRules,
  ...reviewRules,
  ...coverageRules,
  ...escalationRules,
  ...evidenceRules,
];
