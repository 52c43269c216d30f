// Diagnostics as JSON: the same data the text shows.
import type { Diagnostic } from '../model.ts';
import { summarize } from './text.ts';

export function formatJson(diagnostics: Diagnostic[], files: string[]): string {
  return `${JSON.stringify({ files, diagnostics, summary: summarize(diagnostics, files.length) }, null, 2)}\n`;
}
