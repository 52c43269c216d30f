// What a parser found wrong, before any rule judges it: a rule id, a place and a reason
// (the vfile way). Severity and the fix are the rule's, attached once at the end
// (src/rules/registry.ts `diagnostic`), so no parser needs to know the rules.
import type { Span } from '../model.ts';

export interface Message {
  ruleId: string;
  span: Span | undefined;
  reason: string;
  /** A fix for this one case, instead of the rule's own hint. */
  hint?: string;
}

export function message(ruleId: string, span: Span | undefined, reason: string, hint?: string): Message {
  return hint === undefined ? { ruleId, span, reason } : { ruleId, span, reason, hint };
}
