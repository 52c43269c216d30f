// Every rule by id, and the one way to make a diagnostic from a rule.
import type { Diagnostic, Span } from '../model.ts';
import { catalogRules } from './catalog-rules.ts';
import { fleetRules } from './fleet-rules.ts';
import { mdxRules } from './mdx-rules.ts';
import { orgRules } from './org-rules.ts';
import { parameterRules } from './parameter-rules.ts';
import { parserRules } from './parser-rules.ts';
import { referenceRules } from './reference-rules.ts';
import { stepRules } from './step-rules.ts';
import { timingRules } from './timing-rules.ts';
import type { CatalogRule, OrgRule, Rule, RunbookRule } from './types.ts';

export const RULES: readonly Rule[] = [...parserRules, ...referenceRules, ...timingRules, ...parameterRules, ...mdxRules, ...stepRules, ...catalogRules, ...orgRules, ...fleetRules];

const byId = new Map(RULES.map((rule) => [rule.id, rule]));

export const runbookRules = RULES.filter((r): r is RunbookRule => r.scope === 'runbook');
export const orgRuleList = RULES.filter((r): r is OrgRule => r.scope === 'org');
export const catalogRuleList = RULES.filter((r): r is CatalogRule => r.scope === 'catalog');

export function rule(id: string): Rule {
  const found = byId.get(id);
  if (!found) throw new Error(`No rule \`${id}\` is registered`);
  return found;
}

export function diagnostic(ruleId: string, path: string, span: Span | undefined, message: string, hint?: string): Diagnostic {
  const r = rule(ruleId);
  const at = span ?? { line: 1, column: 1 };
  const d: Diagnostic = { path, line: at.line, column: at.column, severity: r.severity, ruleId, message, hint: hint ?? r.hint };
  if (at.endLine !== undefined) d.endLine = at.endLine;
  if (at.endColumn !== undefined) d.endColumn = at.endColumn;
  return d;
}
