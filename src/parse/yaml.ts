// YAML to a plain value plus the position of every key and value, by JSON pointer.
// js-yaml's `listener` reports each node as it opens and closes; a stack of those
// events rebuilds the tree of positions. The core schema keeps dates as strings and
// has no merge keys; a document that expands past a node budget (aliases, the
// "billion laughs") is refused before anything walks it.
import yaml from 'js-yaml';
import type { Span } from '../model.ts';
import { escapePointer, type YamlPositions } from './pointer.ts';

export type { YamlPositions };

export type YamlResult =
  { ok: true; value: unknown; positions: YamlPositions } | { ok: false; kind: 'syntax' | 'duplicate-key' | 'too-complex'; message: string; span: Span };

/** Most nodes a front-matter or org file may expand to (aliases count every time they are used). */
export const YAML_NODE_BUDGET = 200_000;

interface Frame {
  start: number;
  end: number;
  kind: string | null;
  result: unknown;
  children: Frame[];
}

/** Parse `text`, whose first line is line `firstLine` of its file. */
export function parseYaml(text: string, firstLine = 1): YamlResult {
  const lineStarts = computeLineStarts(text);
  const at = (offset: number): { line: number; column: number } => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + firstLine, column: offset - lineStarts[lo] + 1 };
  };
  const root: Frame = { start: 0, end: 0, kind: null, result: undefined, children: [] };
  const stack: Frame[] = [root];
  let value: unknown;
  try {
    const options: yaml.LoadOptions & { maxDepth: number } = {
      schema: yaml.CORE_SCHEMA,
      json: false,
      maxDepth: 50,
      listener(event, state) {
        if (event === 'open') {
          const frame: Frame = { start: state.position, end: state.position, kind: null, result: undefined, children: [] };
          stack[stack.length - 1].children.push(frame);
          stack.push(frame);
        } else {
          const frame = stack.pop()!;
          frame.end = state.position;
          frame.kind = state.kind;
          frame.result = state.result;
        }
      },
    };
    value = yaml.load(text, options);
  } catch (error) {
    const e = error as { reason?: string; message: string; mark?: { position: number } };
    const reason = e.reason ?? e.message;
    const point = at(Math.min(e.mark?.position ?? 0, Math.max(0, text.length - 1)));
    const span: Span = { line: point.line, column: point.column };
    if (/duplicated mapping key/.test(reason)) {
      const key = /^\s*(?:-\s+)?["']?([^:"'\n]+?)["']?\s*:/.exec(text.slice(e.mark?.position ?? 0).split('\n')[0] ?? '')?.[1];
      return { ok: false, kind: 'duplicate-key', message: key ? `key \`${key}\` appears twice in the same mapping` : reason, span };
    }
    if (/maxDepth|exceeded/.test(reason)) return { ok: false, kind: 'too-complex', message: reason, span };
    return { ok: false, kind: 'syntax', message: reason, span };
  }
  if (countNodes(value, YAML_NODE_BUDGET) > YAML_NODE_BUDGET) {
    return {
      ok: false,
      kind: 'too-complex',
      message: `the document expands to more than ${YAML_NODE_BUDGET} nodes (aliases are expanded each time they are used)`,
      span: { line: firstLine, column: 1 },
    };
  }
  const positions: YamlPositions = { values: new Map(), keys: new Map() };
  const top = root.children[0];
  if (top) record(unwrap(top), '', positions, text, at);
  return { ok: true, value, positions };
}

function computeLineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** js-yaml opens some nodes twice (a collection inside a sequence item); keep the innermost. */
function unwrap(frame: Frame): Frame {
  let f = frame;
  while (f.children.length === 1 && f.children[0].result === f.result && f.kind !== 'scalar') f = f.children[0]!;
  return f;
}

function record(frame: Frame, pointer: string, positions: YamlPositions, text: string, at: (o: number) => { line: number; column: number }): void {
  positions.values.set(pointer, spanOf(frame.start, frame.end, text, at));
  const children = frame.children.map(unwrap);
  if (frame.kind === 'mapping') {
    for (let i = 0; i + 1 < children.length; i += 2) {
      const key = children[i];
      const child = `${pointer}/${escapePointer(String(key.result))}`;
      const keySpan = spanOf(key.start, key.end, text, at);
      positions.keys.set(child, keySpan);
      const value = children[i + 1];
      if (value.kind === 'scalar' && value.result === null) positions.values.set(child, keySpan);
      else record(value, child, positions, text, at);
    }
  } else if (frame.kind === 'sequence') {
    children.forEach((child, index) => record(child, `${pointer}/${index}`, positions, text, at));
  }
}

/** A span from `start` (skipping blanks and comments before the node) to `end` (trimmed). */
function spanOf(start: number, end: number, text: string, at: (o: number) => { line: number; column: number }): Span {
  let s = start;
  for (;;) {
    const c = text[s];
    if (c === ' ' || c === '\t' || c === '\r' || c === '\n') s++;
    else if (c === '#') while (s < text.length && text[s] !== '\n') s++;
    else break;
  }
  let e = Math.max(s, end);
  while (e > s && /\s/.test(text[e - 1])) e--;
  if (s >= text.length) s = Math.max(0, text.length - 1);
  const a = at(s);
  const b = at(e);
  return { line: a.line, column: a.column, endLine: b.line, endColumn: b.column };
}

function countNodes(value: unknown, budget: number): number {
  let count = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0 && count <= budget) {
    const v = stack.pop();
    count++;
    if (Array.isArray(v)) for (const item of v) stack.push(item);
    else if (v !== null && typeof v === 'object') for (const item of Object.values(v)) stack.push(item);
  }
  return count;
}
