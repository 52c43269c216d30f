// A rule is a small named thing: its id, severity, description and how to fix it live
// together; its check only reports. Rules the parser reports (YAML syntax, schema, MDX
// syntax) have no check of their own but are declared here all the same.
import type { Root } from 'mdast';
import type { Org, Runbook, Severity, Span } from '../model.ts';
import type { RunbookModel, RunbookSource } from '../parse/runbook.ts';

export interface RuleMeta {
  id: string;
  severity: Severity;
  /** One line: what the rule finds. */
  description: string;
  /** How to fix it, appended to every diagnostic of the rule unless the report gives its own. */
  hint: string;
}

export type Report = (span: Span | undefined, message: string, hint?: string) => void;

export interface RunbookContext {
  runbook: RunbookModel;
  /** The raw front-matter value as parsed (may not match the schema). */
  raw: Record<string, unknown>;
  tree: Root;
  /** The file's text, as the parser split it. */
  source: RunbookSource;
  /** Whether the front-matter parsed as a mapping (rules about its contents skip otherwise). */
  frontMatterParsed: boolean;
  /** Whether the MDX body parsed (rules about steps skip otherwise). */
  bodyParsed: boolean;
  org: Org | undefined;
  now: Date;
  /** Span of a front-matter value (or of its key with `key: true`), by JSON pointer. */
  at: (pointer: string, key?: boolean) => Span | undefined;
}

export interface RunbookRule extends RuleMeta {
  scope: 'runbook';
  check(context: RunbookContext, report: Report): void;
}

export interface OrgRule extends RuleMeta {
  scope: 'org';
  check(org: Org, report: Report): void;
}

/** What cross-file rules see of each runbook. */
export type RunbookHeader = Pick<Runbook, 'path' | 'meta' | 'positions'>;

export interface CatalogRule extends RuleMeta {
  scope: 'catalog';
  check(runbooks: RunbookHeader[], report: (path: string, span: Span | undefined, message: string) => void): void;
}

/** Reported by the parser or the schema check, not by a check function. */
export interface ParserRule extends RuleMeta {
  scope: 'parser';
}

export type Rule = RunbookRule | OrgRule | CatalogRule | ParserRule;
