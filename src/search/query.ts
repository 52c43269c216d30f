// One query function for the site (in the browser) and `opsbook search` (in the terminal).
// The words are planned (plan.ts: typos, joined and split words, prefixes); a runbook that
// matches every typed word the index knows ranks above one that matches fewer, and among
// those with as many words, by score. The score is lunr's: its clauses are the plan's terms
// with their boosts, and a document scores what lunr's own `Index.query` gives it for them on
// the whole index (see `shard` in build.ts); only the adding up is done here, over postings
// already weighted at build time.
import lunr from 'lunr';
import { allTerms, stem, type SearchData, type SearchDoc, type ShardJson } from './build.ts';
import { isStopWord, plan, TokenSet, type Concept } from './plan.ts';

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
  /** The typed words this runbook matches, each with the index terms by which it does. */
  words: { word: string; terms: string[] }[];
  /** Whether it matches every typed word that the index knows (but those in most runbooks). */
  all: boolean;
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
export function queryWords(text: string): string[] {
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
  /** Every term of the index, as a token set: needed only for a word the index does not have. */
  terms(): Promise<lunr.TokenSet>;
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

/** Each index term of the plan, with the sum of the boosts of the clauses that name it (as lunr adds them). */
function boosts(concepts: Concept[]): Map<string, { shard: Shard; boost: number }> {
  const terms = new Map<string, { shard: Shard; boost: number }>();
  const seen = new Set<object>();
  for (const { ways } of concepts)
    for (const way of ways)
      for (const clause of way) {
        if (seen.has(clause)) continue; // a joined word is a way of two concepts, one clause
        seen.add(clause);
        const entry = terms.get(clause.term) ?? { shard: clause.shard, boost: 0 };
        entry.boost += clause.boost;
        terms.set(clause.term, entry);
      }
  return terms;
}

/** Bit `c` of a document's mask: it matches concept `c` by one of its ways. */
function masks(concepts: Concept[], size: number): Uint32Array {
  const mask = new Uint32Array(size);
  const count = new Uint8Array(size);
  concepts.slice(0, 32).forEach(({ ways }, c) => {
    for (const way of ways) {
      if (way.length === 1) {
        for (const ref of postings(way[0].shard, way[0].term).docs) mask[ref] |= 1 << c;
        continue;
      }
      count.fill(0);
      for (const { shard, term } of way) for (const ref of postings(shard, term).docs) count[ref]++;
      count.forEach((n, ref) => {
        if (n === way.length) mask[ref] |= 1 << c;
      });
    }
  });
  return mask;
}

/**
 * The concepts (as a mask) a runbook must match to match "every word": those the index knows,
 * except a stop word in disguise (`getting` is `get`) and a word found in more than half of
 * the runbooks (such as `mail` in a mail platform's manual), which tells them apart from
 * nothing; unless every word found is such a word.
 */
function telling(concepts: Concept[], mask: Uint32Array): number {
  const df = new Uint32Array(32);
  for (const m of mask) for (let c = 0; m >> c; c++) if (m & (1 << c)) df[c]++;
  let found = 0;
  let known = 0;
  let rare = 0;
  concepts.slice(0, 32).forEach((concept, c) => {
    if (concept.ways.length === 0) return;
    found |= 1 << c;
    if (isStopWord(stem(concept.word))) return;
    known |= 1 << c;
    if (df[c] * 2 <= mask.length) rare |= 1 << c;
  });
  return rare || known || found;
}

const bits = (n: number) => {
  let count = 0;
  for (let m = n; m; m &= m - 1) count++;
  return count;
};

export async function search(source: IndexSource, docs: SearchDoc[], text: string, filters: SearchFilters = {}): Promise<SearchHit[]> {
  const concepts = await plan(source, queryWords(text));
  const matched = boosts(concepts);
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
  const mask = masks(concepts, docs.length);
  const known = telling(concepts, mask);
  // A runbook with every known word comes first; the others by score times the share of the
  // words they match (Lucene's coordination factor), so one common word does not win alone.
  const wanted = bits(known);
  // One sort key: a runbook with every word above any other (scores are below 2^40 thousandths).
  const rank = new Float64Array(docs.length);
  for (const ref of ranked) rank[ref] = (mask[ref] & known) === known ? 2 ** 40 + scores[ref] : (scores[ref] * bits(mask[ref] & known)) / wanted;
  // lunr divides by the query vector's length, and the weights here are in thousandths.
  const scale = 1 / (1000 * Math.sqrt(norm));
  ranked.sort((a, b) => rank[b] - rank[a] || a - b);
  const hits: SearchHit[] = [];
  const entries = [...matched];
  const conceptTerms = concepts.map(({ ways }) => [...new Set(ways.flat().map((w) => w.term))]);
  for (const ref of ranked) {
    const doc = docs[ref];
    if (!doc) continue;
    if (filters.tier && doc.tier !== filters.tier) continue;
    if (filters.service && doc.service !== filters.service) continue;
    const terms = entries.filter(([term, { shard }]) => contains(postings(shard, term).docs, ref)).map(([term]) => term);
    const words = concepts
      .map(({ word }, c) => ({ word, terms: c < 32 && mask[ref] & (1 << c) ? conceptTerms[c].filter((t) => terms.includes(t)) : [] }))
      .filter((w) => w.terms.length > 0);
    hits.push({ doc, score: scores[ref] * scale, terms, words, all: (mask[ref] & known) === known });
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
