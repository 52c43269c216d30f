// One query function for the site (in the browser) and `opsbook search` (in the terminal).
// Every word counts; the last word also matches as a prefix (results as you type), and a
// word of 5+ letters also matches with one typo (after its first two letters, which pick
// the shard). Each word is looked up in its own shard; scores add up across shards.
import lunr from 'lunr';
import { shardKey, type SearchDoc } from './build.ts';

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

const termSets = new WeakMap<lunr.Index, Set<string>>();

/** The terms of an index (lunr keeps them in its inverted index). */
function terms(index: lunr.Index): Set<string> {
  let set = termSets.get(index);
  if (!set) {
    set = new Set(Object.keys((index as unknown as { invertedIndex: Record<string, unknown> }).invertedIndex));
    termSets.set(index, set);
  }
  return set;
}

/** The shard keys a query needs. */
export function neededShards(text: string): string[] {
  return [...new Set(queryWords(text).map(shardKey))];
}

export function search(shards: (key: string) => lunr.Index | undefined, docs: SearchDoc[], text: string, filters: SearchFilters = {}): SearchHit[] {
  const words = queryWords(text);
  const last = words[words.length - 1];
  const totals = new Map<string, { score: number; terms: Set<string> }>();
  for (const key of new Set(words.map(shardKey))) {
    const index = shards(key);
    if (!index) continue;
    const mine = words.filter((w) => shardKey(w) === key);
    const results = index.query((q) => {
      for (const word of mine) {
        q.term(word, { boost: 10 });
        if (word === last) q.term(word, { usePipeline: false, wildcard: lunr.Query.wildcard.TRAILING, boost: 2 });
        // A typo: a word of 5+ letters that is not in the index also matches within one edit
        // (of the word or of its stem, since index terms are stemmed). Looking for typos only
        // then keeps common words fast.
        const stem = lunr.stemmer(new lunr.Token(word, {})).toString();
        if (word.length >= 5 && !terms(index).has(stem) && !terms(index).has(word)) {
          for (const form of new Set([word, stem])) q.term(form, { usePipeline: false, editDistance: 1, boost: 1 });
        }
      }
    });
    for (const r of results) {
      const total = totals.get(r.ref) ?? { score: 0, terms: new Set<string>() };
      total.score += r.score;
      for (const term of Object.keys(r.matchData.metadata)) total.terms.add(term);
      totals.set(r.ref, total);
    }
  }
  const hits: SearchHit[] = [];
  for (const [ref, total] of [...totals.entries()].sort((a, b) => b[1].score - a[1].score || Number(a[0]) - Number(b[0]))) {
    const doc = docs[Number(ref)];
    if (!doc) continue;
    if (filters.tier && doc.tier !== filters.tier) continue;
    if (filters.service && doc.service !== filters.service) continue;
    hits.push({ doc, score: total.score, terms: [...total.terms] });
    if (filters.limit && hits.length >= filters.limit) break;
  }
  return hits;
}
