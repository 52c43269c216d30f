// The search index of a catalog, built once by the engine and split into shards by the first
// two letters of each term. The site ships the shards as JSON and fetches only those the
// typed words need; `opsbook search` queries the same shards in memory, so both find the
// same runbooks for the same words.
import lunr from 'lunr';
import { toString } from 'mdast-util-to-string';
import type { Catalog, Runbook } from '../model.ts';

/** What a search result shows; short keys because this list ships to the browser. */
export interface SearchDoc {
  /** Runbook id (also its page: `runbooks/<id>/`). */
  id: string;
  /** Title. */
  t: string;
  /** Summary, cut to SUMMARY_CHARS. */
  s: string;
  tier: string;
  service: string;
  category: string;
}

/** A lunr index serialised by `toJSON()`. */
interface IndexJson {
  fieldVectors: [string, number[]][];
  invertedIndex: [string, { _index: number }][];
}

/**
 * One shard: each of its terms (stemmed, as lunr's pipeline leaves them) with its postings,
 * `[Δdoc, weight, Δdoc, weight, …]`: document numbers ascending and delta-coded, and the
 * term's lunr weight in that document (BM25 with the field boosts, summed over the fields)
 * in thousandths.
 */
export type ShardJson = Record<string, number[]>;

export interface SearchData {
  /** A document's number in every shard is its position here. */
  docs: SearchDoc[];
  /** Shard key (see `shardKey`) → the terms with that key. */
  shards: Record<string, ShardJson>;
  /** Each stem of a synonym group with the other stems of its group: what a result marks as found. */
  synonyms: [string, string[]][];
}

/** `search/docs.json`: the result list, and which shards exist, so that a word whose shard
 * does not exist is not fetched and a shard that fails to arrive is known to be missing. */
export interface SearchManifest {
  shards: string[];
  docs: SearchDoc[];
  synonyms: [string, string[]][];
}

export function searchManifest(data: SearchData): SearchManifest {
  return { shards: Object.keys(data.shards).sort(), docs: data.docs, synonyms: data.synonyms };
}

/** Field boosts: a title hit beats a tag hit beats a summary hit beats a word in a step. */
export const FIELDS = { title: 10, tags: 5, summary: 3, steps: 2, body: 1 } as const;

const SUMMARY_CHARS = 120;

/** The shard a term (or a typed word) belongs to: its first two letters, `_` for others. */
export function shardKey(term: string): string {
  const key = term.slice(0, 2).toLowerCase();
  return /^[a-z0-9]{2}$/.test(key) ? key : /^[a-z0-9]/.test(key) ? `${key[0]}_` : '__';
}

function bodyText(runbook: Runbook): string {
  const parts: string[] = [];
  for (const block of runbook.body) {
    if (block.kind === 'prose') parts.push(toString(block.tree));
    else {
      const { step } = block;
      parts.push(step.prose);
      for (const script of [step.script, step.verify, step.rollback]) if (script) parts.push(script.code);
    }
  }
  return parts.join('\n');
}

/**
 * Turn lunr's index into shards of pre-scored postings. lunr scores a document by the dot
 * product of the query vector with each of the document's field vectors, over the query
 * vector's length; the query vector is the same for every field, so a term's part of the
 * score is its query boost times the sum of its weights over the document's fields. That
 * sum is computed here once, so a query adds up numbers instead of walking vectors.
 */
function shard(index: IndexJson): Record<string, ShardJson> {
  const termOf = new Map<number, string>();
  for (const [term, posting] of index.invertedIndex) termOf.set(posting._index, term);
  const weights = new Map<string, Map<number, number>>();
  for (const [fieldRef, vector] of index.fieldVectors) {
    const doc = Number(fieldRef.slice(fieldRef.indexOf('/') + 1));
    for (let i = 0; i < vector.length; i += 2) {
      const term = termOf.get(vector[i])!;
      const perDoc = weights.get(term) ?? new Map<number, number>();
      perDoc.set(doc, (perDoc.get(doc) ?? 0) + Math.round(vector[i + 1] * 1000));
      weights.set(term, perDoc);
    }
  }
  const shards: Record<string, ShardJson> = {};
  for (const term of [...weights.keys()].sort()) {
    const postings: number[] = [];
    let previous = 0;
    for (const [doc, weight] of [...weights.get(term)!].sort((a, b) => a[0] - b[0])) {
      postings.push(doc - previous, weight);
      previous = doc;
    }
    (shards[shardKey(term)] ??= {})[term] = postings;
  }
  return shards;
}

/** Every term of the index, sorted: what a typo is looked for in. */
export function allTerms(shards: Record<string, ShardJson>): string[] {
  return Object.values(shards)
    .flatMap((terms) => Object.keys(terms))
    .sort();
}

const SYNONYMS_LABEL = 'opsbookSynonyms';
/** lunr's table of pipeline functions by label; @types/lunr does not declare it. */
const registered = lunr.Pipeline as unknown as { registeredFunctions: Record<string, lunr.PipelineFunction> };

/** lunr's stem of a word, as the index holds it. */
export function stem(word: string): string {
  return lunr.stemmer(new lunr.Token(word.toLowerCase(), {})).toString();
}

/** Each stem of a synonym group → the other stems of its group (groups sharing a stem are one). */
export function synonymStems(groups: readonly string[][]): Map<string, string[]> {
  const others = new Map<string, Set<string>>();
  for (const group of groups) {
    const stems = new Set(group.map(stem));
    const merged = new Set([...stems].flatMap((s) => [...(others.get(s) ?? [s])]));
    for (const s of stems) merged.add(s);
    for (const s of merged) others.set(s, merged);
  }
  return new Map([...others].map(([s, group]) => [s, [...group].filter((o) => o !== s).sort()]));
}

/**
 * lunr's index of these runbooks, document refs being their positions in the list. A word of
 * a synonym group is indexed with the other words of its group, in the same field and as often,
 * so a query for any of them finds the runbook with the same weight and in its own shard.
 */
export function buildIndex(runbooks: Runbook[], synonyms: readonly string[][] = []): lunr.Index {
  const others = synonymStems(synonyms);
  const expand: lunr.PipelineFunction = (token) => {
    const more = others.get(token.toString());
    return more ? [token, ...more.map((s) => token.clone(() => s))] : token;
  };
  // Registered under one label (the builder warns of an unregistered function); never serialised,
  // as the index's own pipeline is the search pipeline.
  registered.registeredFunctions[SYNONYMS_LABEL] = Object.assign(expand, { label: SYNONYMS_LABEL });
  return lunr(function () {
    this.ref('ref');
    // After the stemmer; the query side never runs it (query.ts stems the words itself).
    if (others.size > 0) this.pipeline.add(expand);
    for (const [name, boost] of Object.entries(FIELDS)) this.field(name, { boost });
    runbooks.forEach((r, i) => {
      this.add({
        ref: String(i),
        title: r.meta.title,
        tags: [...r.meta.tags, r.meta.service, r.meta.category, r.meta.id.replace(/-/g, ' ')].join(' '),
        summary: r.meta.summary,
        steps: r.steps.map((s) => `${s.title} ${s.id.replace(/-/g, ' ')}`).join('\n'),
        body: bodyText(r),
      });
    });
  });
}

/** Only valid runbooks are indexed: the site and the runner refuse the others. */
export function buildSearch(catalog: Catalog): SearchData {
  const runbooks = catalog.runbooks.filter((r) => r.valid);
  const docs: SearchDoc[] = runbooks.map((r) => ({
    id: r.meta.id,
    t: r.meta.title,
    s: r.meta.summary.length > SUMMARY_CHARS ? `${r.meta.summary.slice(0, SUMMARY_CHARS - 1).replace(/\s+\S*$/, '')}…` : r.meta.summary,
    tier: r.meta.tier,
    service: r.meta.service,
    category: r.meta.category,
  }));
  const synonyms = catalog.synonyms ?? [];
  return { docs, shards: shard(buildIndex(runbooks, synonyms).toJSON() as unknown as IndexJson), synonyms: [...synonymStems(synonyms)] };
}
