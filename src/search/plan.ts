// What the words of a query may mean in the index: for each typed word, the ways a runbook can
// match it. A way is one or more index terms that must all be in the runbook (a split word
// needs both halves). Besides the word itself (stemmed as the index is), a way is:
// - the word joined with the next one ("fail over", "fail-over", "log in" → `failover`,
//   `login`), which then stands for both words;
// - the last word as a prefix (results as you type), unless it is a stop word;
// for a word that is not in the index as typed:
// - the word split in two index words ("roundtrip" → `round` `trip`);
// - the word with one typo (an insertion, a deletion, a substitution or two letters swapped),
//   for words of 4+ letters (of 6+ letters, also in the first letter): an index term within one
//   edit of the word, else of its starts
//   (the index holds stems: "replicaton" meets `replic`).
// Synonyms need nothing here: the index holds every word of a group where one is (build.ts).
import lunr from 'lunr';
import { shardKey, stem } from './build.ts';
import type { IndexSource, Shard } from './query.ts';

/** Query boosts: the word itself, joined with the next, split, with a typo, as a prefix. */
export const BOOST = { exact: 10, joined: 10, split: 6, typo: 5, prefix: 2 } as const;

export interface Clause {
  term: string;
  boost: number;
  shard: Shard;
}

/** A typed word and the ways a runbook can match it (each way: clauses that must all match). */
export interface Concept {
  word: string;
  ways: Clause[][];
}

/** lunr's token set constructors are static; @types/lunr declares them on instances. */
export const TokenSet = lunr.TokenSet as unknown as {
  fromArray(terms: string[]): lunr.TokenSet;
  fromString(text: string): lunr.TokenSet;
  fromFuzzyString(text: string, editDistance: number): lunr.TokenSet;
};

export const isStopWord = (word: string) => lunr.stopWordFilter(new lunr.Token(word, {})) === undefined;
const has = (shard: Shard | undefined, term: string): shard is Shard => shard !== undefined && Object.hasOwn(shard.encoded, term);

/**
 * Index terms within one edit of `word` (or of its stem); else within one edit of its starts of
 * 5 letters or more, down to 4 letters shorter: the stem of a misspelt word is a start of it.
 */
function typos(terms: lunr.TokenSet, word: string): string[] {
  const near = (form: string) => terms.intersect(TokenSet.fromFuzzyString(form, 1)).toArray();
  // A word of 4 or 5 letters keeps its first letter: `gmail` is not `mail`, `dsik` is `disk`.
  const found = new Set([...near(word), ...near(stem(word))].filter((term) => word.length >= 6 || term[0] === word[0]));
  if (found.size > 0) return [...found];
  for (let k = word.length - 1; k >= Math.max(5, word.length - 4); k--) for (const term of near(word.slice(0, k))) if (term.length >= 4) found.add(term);
  return [...found];
}

/** The concepts of the typed `words` (as lunr's tokenizer splits them), asking `source` only for what they need. */
export async function plan(source: IndexSource, words: string[]): Promise<Concept[]> {
  const own = await Promise.all(words.map((word) => source.shard(shardKey(word))));
  const concepts: Concept[] = words.map((word) => ({ word, ways: [] }));
  const clause = async (term: string, boost: number): Promise<Clause | undefined> => {
    const shard = await source.shard(shardKey(term));
    return has(shard, term) ? { term, boost, shard } : undefined;
  };
  for (const [i, word] of words.entries()) {
    const shard = own[i];
    const stemmed = stem(word);
    const ways = concepts[i].ways;
    if (has(shard, stemmed)) ways.push([{ term: stemmed, boost: BOOST.exact, shard }]);
    const next = words[i + 1];
    if (next !== undefined) {
      const joined = await clause(stem(word + next), BOOST.joined);
      if (joined) {
        ways.push([joined]);
        concepts[i + 1].ways.push([joined]);
      }
    }
    if (shard && i === words.length - 1 && !isStopWord(word)) {
      for (const term of shard.tokens.intersect(TokenSet.fromString(`${word}*`)).toArray()) ways.push([{ term, boost: BOOST.prefix, shard }]);
    }
    if (has(shard, stemmed) || has(shard, word) || isStopWord(word)) continue;
    for (let k = 2; k <= word.length - 2; k++) {
      const head = stem(word.slice(0, k));
      const tail = word.slice(k);
      if (!has(shard, head) || isStopWord(tail)) continue;
      const second = await clause(stem(tail), BOOST.split);
      if (second) ways.push([{ term: head, boost: BOOST.split, shard }, second]);
    }
    if (word.length >= 4) {
      const candidates = typos(await source.terms(), word);
      // The shards of a typo's candidates may all differ: they are asked for at once.
      const found = await Promise.all(candidates.map((term) => clause(term, BOOST.typo)));
      for (const c of found) if (c) ways.push([c]);
    }
  }
  return concepts;
}
