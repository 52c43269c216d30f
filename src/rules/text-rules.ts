// What is shown is what runs: a character that a terminal or a browser does not show as
// itself (`UNSAFE_CHAR`: C0/C1 controls, ESC, a bare CR, backspace, DEL, bidi overrides and
// isolates, zero-width characters) is an error in any code block, whose text is run or
// copied, and a warning anywhere else (front-matter, titles, prose), where right-to-left
// text may need a bidi mark. The CR of a CRLF line end is a line end, not a hidden command.
import type { Code, Root, RootContent } from 'mdast';
import { visit } from 'unist-util-visit';
import type { Span } from '../model.ts';
import { isElement, isScript } from '../parse/steps.ts';
import { describeChar, UNSAFE_CHAR } from '../render/visible.ts';
import type { RunbookRule } from './types.ts';

interface Found {
  offset: number;
  char: string;
}

/** An unsafe character that is not the CR of a CRLF line end. */
const UNSAFE = `${UNSAFE_CHAR.source}(?<!\\r(?=\\n))`;
const ANY_UNSAFE = new RegExp(UNSAFE, 'u');

/** Each unsafe character of `text[start, end)`, in order. */
function* unsafeIn(text: string, start = 0, end = text.length): Generator<Found> {
  const re = new RegExp(UNSAFE, 'gu');
  re.lastIndex = start;
  for (let m = re.exec(text); m !== null && m.index < end; m = re.exec(text)) yield { offset: m.index, char: m[0] };
}

/** Line and column of ascending offsets in one text, counted in one pass. */
function positions(text: string, firstLine: number): (offset: number) => Span {
  let line = firstLine;
  let lineStart = 0;
  return (offset) => {
    for (let i = text.indexOf('\n', lineStart); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
      line++;
      lineStart = i + 1;
    }
    return { line, column: offset - lineStart + 1 };
  };
}

/** Most `text-control-char` findings in one file; the last one says how many more lines there are. */
const MAX_TEXT_FINDINGS = 20;

/** The code blocks that a step runs, named for the reader. */
function stepCode(tree: Root): Map<Code, string> {
  const names = new Map<Code, string>();
  const own = (children: RootContent[], name: string, step: string) => {
    for (const c of children) {
      if (c.type !== 'code') continue;
      const lang = c.lang ?? 'plain';
      names.set(c, isScript(c) ? name : `A \`${lang}\` code block of ${step}`);
    }
  };
  for (const node of tree.children) {
    if (!isElement(node, 'Step')) continue;
    const id = node.attributes.find((a) => a.type === 'mdxJsxAttribute' && a.name === 'id')?.value;
    const step = typeof id === 'string' ? `step \`${id}\`` : 'a step';
    own(node.children, `The script of ${step}`, step);
    for (const part of node.children) {
      if (isElement(part, 'Verify')) own(part.children, `The verify script of ${step}`, step);
      if (isElement(part, 'Rollback')) own(part.children, `The rollback script of ${step}`, step);
    }
  }
  return names;
}

/** Each string of the parsed front-matter that holds an unsafe character: its JSON pointer and the first such character. */
function escapedValues(value: unknown, pointer = ''): { pointer: string; char: string }[] {
  if (typeof value === 'string') {
    const [first] = unsafeIn(value);
    return first ? [{ pointer, char: first.char }] : [];
  }
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, v]) => escapedValues(v, `${pointer}/${key}`));
}

const more = (n: number) => (n > 0 ? ` (and ${n} more such character${n === 1 ? '' : 's'} in the block)` : '');

export const textRules: RunbookRule[] = [
  {
    scope: 'runbook',
    id: 'script-control-char',
    severity: 'error',
    description: 'A script or code block holds a control, bidi or invisible character: what is shown would not be what runs.',
    hint: "Remove the character; if a command needs one, let the command make it (e.g. `printf '\\033'`).",
    check({ tree, source, bodyParsed }, report) {
      if (!bodyParsed || !ANY_UNSAFE.test(source.body)) return;
      const named = stepCode(tree);
      visit(tree, 'code', (node: Code) => {
        const start = node.position?.start.offset;
        const end = node.position?.end.offset;
        if (start === undefined || end === undefined) return;
        let first: Found | undefined;
        let count = 0;
        for (const f of unsafeIn(source.body, start, end)) {
          first ??= f;
          count++;
        }
        if (!first) return;
        const where = named.get(node) ?? `A \`${node.lang ?? 'plain'}\` code block`;
        report(
          positions(source.body, 1)(first.offset),
          `${where} holds ${describeChar(first.char)}${more(count - 1)}, which a terminal or a browser does not show as itself; what is shown would not be what runs`,
        );
      });
    },
  },
  {
    scope: 'runbook',
    id: 'text-control-char',
    severity: 'warning',
    description: 'The front-matter, a title or the prose holds a control, bidi or invisible character.',
    hint: 'Remove the character (a bidi mark that right-to-left text needs may stay: this is a warning).',
    check({ tree, source, bodyParsed, runbook, at: pointerAt }, report) {
      // The YAML text was cut at its closing fence: its last CRLF line end lost the LF.
      const yaml = `${source.yaml}\n`;
      const escaped = source.yaml.includes('\\') ? escapedValues(runbook.meta) : [];
      if (!ANY_UNSAFE.test(yaml) && !ANY_UNSAFE.test(source.body) && escaped.length === 0) return;
      const code: [number, number][] = [];
      if (bodyParsed) visit(tree, 'code', (node: Code) => void code.push([node.position?.start.offset ?? 0, node.position?.end.offset ?? 0]));
      const found: { at: Span; where: string; char: string }[] = [];
      let lines = 0;
      const each = (text: string, firstLine: number, where: string, skip: [number, number][]) => {
        const at = positions(text, firstLine);
        let block = 0;
        let line = -1;
        for (const f of unsafeIn(text)) {
          while (block < skip.length && skip[block][1] <= f.offset) block++;
          if (block < skip.length && skip[block][0] <= f.offset) continue;
          const span = at(f.offset);
          if (span.line === line) continue;
          line = span.line;
          if (lines++ < MAX_TEXT_FINDINGS) found.push({ at: span, where, char: f.char });
        }
      };
      each(yaml, source.yamlLine, 'The front-matter', []);
      // A value that a YAML escape (`"\e[2J"`, `"\x07"`) made hold one: its text shows none.
      for (const { pointer, char } of escaped) {
        const span = pointerAt(pointer);
        if (span && !found.some((f) => f.at.line === span.line) && lines++ < MAX_TEXT_FINDINGS)
          found.push({ at: span, where: `The front-matter value \`${pointer}\` (through a YAML escape)`, char });
      }
      each(source.body, 1, 'The text', code);
      found.forEach((f, i) => {
        const rest = i === MAX_TEXT_FINDINGS - 1 ? lines - MAX_TEXT_FINDINGS : 0;
        report(
          f.at,
          `${f.where} holds ${describeChar(f.char)}, which a terminal or a browser does not show as itself${rest > 0 ? ` (and ${rest} more lines with such characters)` : ''}`,
        );
      });
    },
  },
];
