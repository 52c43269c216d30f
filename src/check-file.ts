// One runbook file, read, parsed and put through every per-file rule.
import { readFileSync } from 'node:fs';
import type { Diagnostic, Org, Runbook } from './model.ts';
import { locate } from './parse/pointer.ts';
import { parseRunbook } from './parse/runbook.ts';
import { diagnostic, fromMessages, runbookRules } from './rules/registry.ts';
import type { RunbookContext } from './rules/types.ts';

export interface CheckedRunbook {
  runbook: Runbook;
  /** Parse and rule diagnostics of this file, unsorted. */
  diagnostics: Diagnostic[];
}

/** The bytes of `file`, or the diagnostic that says why they cannot be read. */
export function readRunbookFile(file: string, path: string): { bytes: Uint8Array } | { diagnostic: Diagnostic } {
  try {
    return { bytes: readFileSync(file) };
  } catch (error) {
    return { diagnostic: diagnostic('file-unreadable', path, undefined, `Cannot read the file: ${(error as Error).message}`) };
  }
}

/** `file` is the absolute path to read; `path` the one diagnostics name. */
export function checkRunbookFile(file: string, path: string, org: Org | undefined, now: Date): CheckedRunbook | { runbook: undefined; diagnostics: Diagnostic[] } {
  const read = readRunbookFile(file, path);
  return 'diagnostic' in read ? { runbook: undefined, diagnostics: [read.diagnostic] } : checkRunbookBytes(read.bytes, path, org, now);
}

export function checkRunbookBytes(bytes: Uint8Array, path: string, org: Org | undefined, now: Date): CheckedRunbook {
  const parsed = parseRunbook(path, bytes);
  const diagnostics = fromMessages(path, parsed.messages);
  if (parsed.frontMatterParsed || parsed.bodyParsed) {
    const context: RunbookContext = { runbook: parsed.runbook, raw: parsed.raw, tree: parsed.tree, frontMatterParsed: parsed.frontMatterParsed, bodyParsed: parsed.bodyParsed, org, now, at: (pointer, key) => locate(parsed.yamlPositions, pointer, key) };
    for (const r of runbookRules) r.check(context, (span, message, hint) => diagnostics.push(diagnostic(r.id, path, span, message, hint)));
  }
  parsed.runbook.valid = !diagnostics.some((d) => d.severity === 'error');
  return { runbook: parsed.runbook, diagnostics };
}
