// Every rule by id, and the one way to make a diagnostic from a rule: parsers and checks
// only say which rule, where and what; the rule's severity and fix are attached here.
import type { Diagnostic, Span } from '../model.ts';
import type { Message } from '../parse/message.ts';
import { visible } from '../render/visible.ts';
import { catalogRules } from './catalog-rules.ts';
import { fleetRules } from './fleet-rules.ts';
import { mdxRules } from './mdx-rules.ts';
import { oncallRules } from './oncall-rules.ts';
import { orgRules } from './org-rules.ts';
import { parameterRules } from './parameter-rules.ts';
import { parserRules } from './parser-rules.ts';
import { referenceRules } from './reference-rules.ts';
import { signingRules } from './signing-rules.ts';
import { stepRules } from './step-rules.ts';
import { synonymRules } from './synonym-rules.ts';
import { textRules } from './text-rules.ts';
import { timingRules } from './timing-rules.ts';
import { zxRules } from './zx-rules.ts';
import type { CatalogRule, OrgRule, Rule, RunbookRule } from './types.ts';

export const RULES: readonly Rule[] = [
  ...parserRules,
  ...referenceRules,
  ...timingRules,
  ...parameterRules,
  ...mdxRules,
  ...textRules,
  ...zxRules,
  ...stepRules,
  ...catalogRules,
  ...orgRules,
  ...oncallRules,
  ...fleetRules,
  ...signingRules,
  ...synonymRules,
];

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
  // A message quotes what the file holds: control and bidi characters in it are escaped.
  const d: Diagnostic = { path, line: at.line, column: at.column, severity: r.severity, ruleId, message: visible(message), hint: visible(hint ?? r.hint) };
  if (at.endLine !== undefined) d.endLine = at.endLine;
  if (at.endColumn !== undefined) d.endColumn = at.endColumn;
  return d;
}

/** A parser's messages about the file at `path`, as diagnostics. */
export function fromMessages(path: string, messages: readonly Message[]): Diagnostic[] {
  return messages.map((m) => diagnostic(m.ruleId, path, m.span, m.reason, m.hint));
}
