// Where a character of a step's script is in the file.
import type { Script, Span } from '../model.ts';

/** Position of the `offset`-th character of a script, given the code block's span (the code starts on the line after the fence). */
export function scriptPosition(script: Script, offset: number): Span {
  const before = script.code.slice(0, offset);
  const lines = before.split('\n');
  return { line: script.span.line + lines.length, column: lines[lines.length - 1].length + 1 };
}
