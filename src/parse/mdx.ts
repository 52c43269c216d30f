// The runbook body as an MDX syntax tree. The tree is only read, never compiled or
// evaluated: `import`, `export` and `{expressions}` become nodes that rules report.
import type { Root } from 'mdast';
import remarkMdx from 'remark-mdx';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import type { Span } from '../model.ts';

const processor = unified().use(remarkParse).use(remarkMdx);

export type MdxResult = { ok: true; tree: Root } | { ok: false; message: string; span: Span };

export function parseMdx(body: string): MdxResult {
  try {
    return { ok: true, tree: processor.parse(body) };
  } catch (error) {
    const e = error as { reason?: string; message: string; line?: number; column?: number };
    return {
      ok: false,
      message: (e.reason ?? e.message).replace(/\s+/g, ' ').trim(),
      span: { line: e.line ?? 1, column: e.column ?? 1 },
    };
  }
}

/** The span of a syntax tree node (1-based, as unist gives it). */
export function nodeSpan(node: {
  position?: { start: { line: number; column: number }; end: { line: number; column: number } } | undefined;
}): Span | undefined {
  const p = node.position;
  return p ? { line: p.start.line, column: p.start.column, endLine: p.end.line, endColumn: p.end.column } : undefined;
}
