// What a search result shows of a runbook, with the words that matched marked: its title and
// summary cut into words and what lies between them, and the typed words found only further in
// (a step, a command). Plain data: the site turns each marked part into a <mark> element and
// every part into a text node, so nothing of a runbook is ever parsed as HTML.
import { stem } from './build.ts';
import type { SearchHit } from './query.ts';

export interface Segment {
  text: string;
  mark: boolean;
}

const WORD = /[\p{L}\p{N}_]+(?:['’][\p{L}]+)?/gu;

/**
 * `text` in segments, each word marked when its stem is one of `terms` or a synonym of one
 * (`synonyms`: stem → the other stems of its group), and both words of a pair written apart
 * that the index has joined (`Fail over` for `failover`).
 */
export function highlight(text: string, terms: readonly string[], synonyms: ReadonlyMap<string, readonly string[]> = new Map()): Segment[] {
  const marked = new Set(terms.flatMap((t) => [t, ...(synonyms.get(t) ?? [])]));
  const words = [...text.matchAll(WORD)].map((m) => ({ start: m.index, end: m.index + m[0].length, stem: stem(m[0]) }));
  const mark = words.map((w) => marked.has(w.stem));
  for (let i = 0; i + 1 < words.length; i++) {
    const [a, b] = [words[i], words[i + 1]];
    if (/^[\s-]*$/.test(text.slice(a.end, b.start)) && marked.has(stem(text.slice(a.start, a.end) + text.slice(b.start, b.end)))) mark[i] = mark[i + 1] = true;
  }
  const segments: Segment[] = [];
  const push = (piece: string, isMark: boolean) => {
    if (!piece) return;
    const last = segments.at(-1);
    if (last && last.mark === isMark && !isMark) last.text += piece;
    else segments.push({ text: piece, mark: isMark });
  };
  let at = 0;
  words.forEach((w, i) => {
    push(text.slice(at, w.start), false);
    push(text.slice(w.start, w.end), mark[i]);
    at = w.end;
  });
  push(text.slice(at), false);
  return segments;
}

/** The title and the summary of a hit, marked, and the typed words neither shows (found in its steps or commands). */
export function snippet(
  hit: SearchHit,
  synonyms: ReadonlyMap<string, readonly string[]> = new Map(),
): { title: Segment[]; summary: Segment[]; elsewhere: string[] } {
  const title = highlight(hit.doc.t, hit.terms, synonyms);
  const summary = highlight(hit.doc.s, hit.terms, synonyms);
  const shown = new Set(
    [...title, ...summary]
      .filter((s) => s.mark)
      .flatMap((s) => {
        const own = stem(s.text);
        return [own, ...(synonyms.get(own) ?? [])];
      }),
  );
  const elsewhere = hit.words.filter(({ terms }) => terms.length > 0 && !terms.some((t) => shown.has(t))).map(({ word }) => word);
  return { title, summary, elsewhere };
}
