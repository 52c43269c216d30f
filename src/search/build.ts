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

/** A lunr index serialised by `toJSON()`: its terms are those of one shard. */
export interface IndexJson {
  version: string;
  fields: string[];
  fieldVectors: [string, number[]][];
  invertedIndex: [string, { _index: number } & Record<string, unknown>][];
  pipeline: string[];
}

export interface SearchData {
  /** A document's ref in every shard is its position here. */
  docs: SearchDoc[];
  /** Shard key (see `shardKey`) → index of the terms with that key. */
  shards: Record<string, IndexJson>;
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
 * Split a whole index into exact parts: each shard keeps its terms' postings and, of every
 * field vector, the entries of its terms. lunr scores a document by the dot product of
 * the query with these vectors, so a term scores the same in its shard as in the whole.
 */
export function shard(index: IndexJson): Record<string, IndexJson> {
  const keyOf = new Map<number, string>();
  const shards: Record<string, IndexJson> = {};
  const get = (key: string) => (shards[key] ??= { version: index.version, fields: index.fields, fieldVectors: [], invertedIndex: [], pipeline: index.pipeline });
  for (const entry of index.invertedIndex) {
    const key = shardKey(entry[0]);
    keyOf.set(entry[1]._index, key);
    get(key).invertedIndex.push(entry);
  }
  for (const [ref, vector] of index.fieldVectors) {
    const parts = new Map<string, number[]>();
    for (let i = 0; i < vector.length; i += 2) {
      const key = keyOf.get(vector[i]!)!;
      const list = parts.get(key) ?? [];
      list.push(vector[i]!, Number(vector[i + 1]!.toFixed(3)));
      parts.set(key, list);
    }
    for (const [key, list] of parts) get(key).fieldVectors.push([ref, list]);
  }
  return shards;
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
  const index = lunr(function () {
    this.ref('ref');
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
  return { docs, shards: shard(index.toJSON() as unknown as IndexJson) };
}
