// One query function for the site (in the browser) and `opsbook search` (in the terminal).
// Every word counts; the last word also matches as a prefix (results as you type), and a
// word of 5+ letters that is not in the index also matches with one typo anywhere in it.
// A query is lunr's: its words go through lunr's stemmer, its prefixes and typos are
// expanded by lunr's token sets, and a document scores what lunr's own `Index.query` gives
// it on the whole index (see `shard` in build.ts); only the adding up is done here, over
// postings already weighted at build time.
import lunr from 'lunr';
import { allTerms, shardKey, type SearchData, type SearchDoc, type ShardJson } from './build.ts';

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

/** A shard ready to query: its terms as a lunr token set, and postings decoded on first use. */
export interface Shard {
  tokens: lunr.TokenSet;
  encoded: ShardJson;
  decoded: Map<string, Postings>;
}

interface Postings {
  docs: Int32Array;
  /** Weight in thousandths, per entry of `docs`. */
  weights: Int32Array;
}

/** lunr's token set constructors are static; @types/lunr declares them on instances. */
const TokenSet = lunr.TokenSet as unknown as {
  fromArray(terms: string[]): lunr.TokenSet;
  fromString(text: string): lunr.TokenSet;
  fromFuzzyString(text: string, editDistance: number): lunr.TokenSet;
};

/** Query boosts: the word itself, the last word as a prefix, a word with one typo. */
const BOOST = { exact: 10, prefix: 2, typo: 1 } as const;

export function loadShard(encoded: ShardJson): Shard {
  return { tokens: termSet(Object.keys(encoded)), encoded, decoded: new Map() };
}

function postings(shard: Shard, term: string): Postings {
  let found = shard.decoded.get(term);
  if (!found) {
    const flat = shard.encoded[term];
    const docs = new Int32Array(flat.length / 2);
    const weights = new Int32Array(flat.length / 2);
    for (let i = 0, doc = 0; i < flat.length; i += 2) {
      doc += flat[i];
      docs[i / 2] = doc;
      weights[i / 2] = flat[i + 1]!;
    }
    found = { docs, weights };
    shard.decoded.set(term, found);
  }
  return found;
}

/** The words of a query as lunr tokenises them (lower-case, split on space and hyphen). */
function queryWords(text: string): string[] {
  return lunr
    .tokenizer(text)
    .map((t) => t.toString())
    .filter((w) => w.length > 0);
}

/**
 * Where the index comes from: the site fetches each shard and the term list on first use,
 * the terminal has them in memory. Both are asked only for what a query needs.
 */
export interface IndexSource {
  shard(key: string): Promise<Shard | undefined>;
  /** Every term of the index, as a token set: needed only to look for a typo. */
  terms(): Promise<lunr.TokenSet>;
}

/** Each index term a query matches, with the sum of the boosts of the clauses that match it. */
async function queryTerms(source: IndexSource, words: string[]): Promise<Map<string, { shard: Shard; boost: number }>> {
  const own = await Promise.all(words.map((word) => source.shard(shardKey(word))));
  const matched = new Map<string, { shard: Shard; boost: number }>();
  const add = async (terms: string[], boost: number) => {
    // The shards of a typo's candidates may all differ: they are asked for at once.
    const shards = await Promise.all(terms.map((term) => source.shard(shardKey(term))));
    terms.forEach((term, k) => {
      const shard = shards[k];
      if (!shard) return;
      const entry = matched.get(term) ?? { shard, boost: 0 };
      entry.boost += boost;
      matched.set(term, entry);
    });
  };
  for (const [i, word] of words.entries()) {
    const shard = own[i];
    const stem = lunr.stemmer(new lunr.Token(word, {})).toString();
    const has = (term: string) => shard !== undefined && Object.hasOwn(shard.encoded, term);
    if (has(stem)) await add([stem], BOOST.exact);
    if (shard && i === words.length - 1) await add(shard.tokens.intersect(TokenSet.fromString(`${word}*`)).toArray(), BOOST.prefix);
    // A word of 5+ letters that is not in the index as it is may hold a typo anywhere, so it
    // is matched within one edit against every term, and the shards of the terms it meets
    // are fetched. Common words never get here.
    if (word.length >= 5 && !has(stem) && !has(word)) {
      const terms = await source.terms();
      for (const form of new Set([word, stem])) await add(terms.intersect(TokenSet.fromFuzzyString(form, 1)).toArray(), BOOST.typo);
    }
  }
  return matched;
}

/** A source over an index held in memory (the terminal, the benchmark, the tests). */
export function memorySource(data: Pick<SearchData, 'shards'>): IndexSource {
  const loaded = new Map<string, Shard>();
  let all: lunr.TokenSet | undefined;
  return {
    shard: async (key) => {
      if (!loaded.has(key) && data.shards[key]) loaded.set(key, loadShard(data.shards[key]));
      return loaded.get(key);
    },
    terms: async () => (all ??= termSet(allTerms(data.shards))),
  };
}

/** A token set of index terms, in any order. */
export function termSet(terms: string[]): lunr.TokenSet {
  return TokenSet.fromArray([...terms].sort());
}

export async function search(source: IndexSource, docs: SearchDoc[], text: string, filters: SearchFilters = {}): Promise<SearchHit[]> {
  const matched = await queryTerms(source, queryWords(text));
  if (matched.size === 0) return [];
  const scores = new Float64Array(docs.length);
  const seen = new Uint8Array(docs.length);
  const ranked: number[] = [];
  let norm = 0;
  for (const [term, { shard, boost }] of matched) {
    norm += boost * boost;
    const { docs: refs, weights } = postings(shard, term);
    for (let i = 0; i < refs.length; i++) {
      const ref = refs[i];
      if (!seen[ref]) {
        seen[ref] = 1;
        ranked.push(ref);
      }
      scores[ref] += boost * weights[i];
    }
  }
  // lunr divides by the query vector's length, and the weights here are in thousandths.
  const scale = 1 / (1000 * Math.sqrt(norm));
  ranked.sort((a, b) => scores[b] - scores[a] || a - b);
  const hits: SearchHit[] = [];
  for (const ref of ranked) {
    const doc = docs[ref];
    if (!doc) continue;
    if (filters.tier && doc.tier !== filters.tier) continue;
    if (filters.service && doc.service !== filters.service) continue;
    const terms = [...matched].filter(([term, { shard }]) => contains(postings(shard, term).docs, ref)).map(([term]) => term);
    hits.push({ doc, score: scores[ref] * scale, terms });
    if (filters.limit && hits.length >= filters.limit) break;
  }
  return hits;
}

/** Binary search in ascending document numbers. */
function contains(refs: Int32Array, ref: number): boolean {
  let low = 0;
  let high = refs.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (refs[mid] === ref) return true;
    if (refs[mid] < ref) low = mid + 1;
    else high = mid - 1;
  }
  return false;
}
