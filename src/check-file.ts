// One runbook file, read, parsed and put through every per-file rule: the per-file part of
// the check pipeline (src/catalog.ts), which the check cache memoises (src/check-cache.ts).
import type { Diagnostic, Org } from './model.ts';
import { locate } from './parse/pointer.ts';
import { parseRunbook, type RunbookModel } from './parse/runbook.ts';
import { readRegularFile } from './read-file.ts';
import { diagnostic, fromMessages, runbookRules } from './rules/registry.ts';
import type { RunbookContext, RunbookHeader } from './rules/types.ts';

/** What the pipeline keeps of one runbook file. */
export interface FileCheck {
  /** Parse and rule diagnostics of this file, unsorted. */
  diagnostics: Diagnostic[];
  /** What the cross-file rules see. */
  header: RunbookHeader;
  /** The whole model; absent when a cache answered instead of the parser. */
  runbook?: RunbookModel;
}

/** The per-file part of the pipeline: `bytes` of the file that diagnostics call `path`. */
export type CheckBytes = (bytes: Uint8Array, path: string, org: Org | undefined, now: Date) => FileCheck;

/** The bytes of `file` (at most `maxBytes`), or the diagnostic that says why they were not read. */
export function readRunbookFile(file: string, path: string, maxBytes?: number): { bytes: Uint8Array } | { diagnostic: Diagnostic } {
  const read = readRegularFile(file, maxBytes);
  return read.ok ? { bytes: read.bytes } : { diagnostic: diagnostic(read.rule, path, undefined, read.message) };
}

/** `check` without the model: for callers that only report, so that a large manual's trees are not kept. */
export function findingsOnly(check: CheckBytes): CheckBytes {
  return (...args) => {
    const { diagnostics, header } = check(...args);
    return { diagnostics, header };
  };
}

export const checkRunbookBytes: CheckBytes = (bytes, path, org, now) => {
  const parsed = parseRunbook(path, bytes);
  const diagnostics = fromMessages(path, parsed.messages);
  if (parsed.frontMatterParsed || parsed.bodyParsed) {
    const context: RunbookContext = {
      runbook: parsed.runbook,
      raw: parsed.raw,
      tree: parsed.tree,
      source: parsed.source,
      frontMatterParsed: parsed.frontMatterParsed,
      bodyParsed: parsed.bodyParsed,
      org,
      now,
      at: (pointer, key) => locate(parsed.yamlPositions, pointer, key),
    };
    for (const r of runbookRules) r.check(context, (span, message, hint) => diagnostics.push(diagnostic(r.id, path, span, message, hint)));
  }
  const { runbook } = parsed;
  return { diagnostics, header: { path, meta: runbook.meta, positions: runbook.positions }, runbook };
};
