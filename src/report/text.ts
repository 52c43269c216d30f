// Diagnostics as text: `path:line:col  severity  message  rule-id`, grouped by file,
// aligned, with the fix on the next line and a summary. A pure function.
import type { Diagnostic } from '../model.ts';
import { visible } from '../render/visible.ts';

export interface TextStyle {
  error(text: string): string;
  warning(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
}

export const PLAIN: TextStyle = { error: (t) => t, warning: (t) => t, dim: (t) => t, bold: (t) => t };

export interface Summary {
  errors: number;
  warnings: number;
  /** Files with at least one diagnostic. */
  filesWithFindings: number;
  /** Files checked. */
  files: number;
}

export function summarize(diagnostics: Diagnostic[], files: number): Summary {
  return {
    errors: diagnostics.filter((d) => d.severity === 'error').length,
    warnings: diagnostics.filter((d) => d.severity === 'warning').length,
    filesWithFindings: new Set(diagnostics.map((d) => d.path)).size,
    files,
  };
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function summaryLine(summary: Summary, style: TextStyle = PLAIN): string {
  if (summary.errors === 0 && summary.warnings === 0) return `✔ ${plural(summary.files, 'file')} checked, no problems`;
  const text = `✖ ${plural(summary.errors, 'error')}, ${plural(summary.warnings, 'warning')} in ${plural(summary.filesWithFindings, 'file')} (${summary.files} checked)`;
  return summary.errors > 0 ? style.error(text) : style.warning(text);
}

/** `diagnostics` must be sorted (the catalog sorts them). */
export function formatText(diagnostics: Diagnostic[], files: number, style: TextStyle = PLAIN): string {
  const out: string[] = [];
  const where = (d: Diagnostic) => `${visible(d.path)}:${d.line}:${d.column}`;
  const locWidth = Math.max(0, ...diagnostics.map((d) => where(d).length));
  let previous: string | undefined;
  for (const d of diagnostics) {
    if (previous !== undefined && previous !== d.path) out.push('');
    previous = d.path;
    const loc = where(d).padEnd(locWidth);
    const severity = d.severity === 'error' ? style.error('error  ') : style.warning('warning');
    out.push(`${loc}  ${severity}  ${d.message}  ${style.dim(d.ruleId)}`);
    if (d.hint) out.push(`${' '.repeat(locWidth)}  ${style.dim(`fix: ${d.hint}`)}`);
  }
  if (out.length > 0) out.push('');
  out.push(summaryLine(summarize(diagnostics, files), style));
  return `${out.join('\n')}\n`;
}
