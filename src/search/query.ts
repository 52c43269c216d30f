// One query function for the site (in the browser) and `opsbook search` (in the terminal).
// Every word counts; the last word also matches as a prefix (results as you type), and a
// word of 5+ letters also matches with one typo.
import lunr from 'lunr';
import type { SearchDoc } from './build.ts';

export interface SearchFilters {
  tier?: string;
  service?: string;
  limit?: number;
}

export interface SearchHit {
  doc: SearchDoc;
  score: number;
  /** Index terms that matched (stemmed), for highlighting. */
  terms: string[];
}

/** The words of a query as lunr tokenises them (lower-case, split on space and hyphen). */
function queryWords(text: string): string[] {
  return lunr.tokenizer(text).map((t) => t.toString()).filter((w) => w.length > 0);
}

export function search(index: lunr.Index, docs: SearchDoc[], text: string, filters: SearchFilters = {}): SearchHit[] {
  const words = queryWords(text);
  if (words.length === 0) return [];
  const results = index.query((q) => {
    words.forEach((word, i) => {
      q.term(word, { boost: 10 });
      if (i === words.length - 1) q.term(word, { usePipeline: false, wildcard: lunr.Query.wildcard.TRAILING, boost: 2 });
      if (word.length >= 5) {
        // Index terms are stemmed: match the typed word and its stem within one edit.
        const stem = lunr.stemmer(new lunr.Token(word, {})).toString();
        for (const form of new Set([word, stem])) q.term(form, { usePipeline: false, editDistance: 1, boost: 1 });
      }
    });
  });
  const hits: SearchHit[] = [];
  for (const r of results) {
    const doc = docs[Number(r.ref)];
    if (!doc) continue;
    if (filters.tier && doc.tier !== filters.tier) continue;
    if (filters.service && doc.service !== filters.service) continue;
    hits.push({ doc, score: r.score, terms: Object.keys(r.matchData.metadata) });
    if (filters.limit && hits.length >= filters.limit) break;
  }
  return hits;
}
