// Split a runbook's text into its YAML front-matter and its body. The front-matter is
// the lines between a first line `---` and the next line `---` (the remark-frontmatter
// convention), so the split is by lines, not by scanning Markdown.

export interface FrontMatter {
  /** The YAML text between the fences. */
  yaml: string;
  /** 1-based line of the first YAML line in the file. */
  line: number;
  /** The body after the closing fence, with the front-matter lines kept as blank lines so positions stay true. */
  body: string;
}

export type FrontMatterResult = { ok: true; frontMatter: FrontMatter } | { ok: false; reason: 'missing' | 'unclosed'; line: number };

export function splitFrontMatter(text: string): FrontMatterResult {
  const lines = text.split('\n');
  if (lines[0]?.replace(/\r$/, '').trimEnd() !== '---') return { ok: false, reason: 'missing', line: 1 };
  for (let i = 1; i < lines.length; i++) {
    if (lines[i].replace(/\r$/, '').trimEnd() === '---') {
      const yaml = lines.slice(1, i).join('\n');
      const body = '\n'.repeat(i + 1) + lines.slice(i + 1).join('\n');
      return { ok: true, frontMatter: { yaml, line: 2, body } };
    }
  }
  return { ok: false, reason: 'unclosed', line: 1 };
}
