// The search index of a catalog, built once by the engine: the site ships it as JSON and
// `opsbook search` queries it in memory, so both find the same runbooks for the same words.
import lunr from 'lunr';
import { toString } from 'mdast-util-to-string';
import type { Catalog, Runbook } from '../model.ts';

/** What a search result shows; short keys because this list ships to the browser. */
export interface SearchDoc {
  /** Runbook id (also its page: `runbooks/<id>/`). */
  id: string;
  /** Title. */
  t: string;
  /** Summary. */
  s: string;
  tier: string;
  service: string;
  category: string;
}

export interface SearchData {
  docs: SearchDoc[];
  /** `lunr.Index#toJSON()`; a document's ref is its position in `docs`. */
  index: object;
}

/** Field boosts: a title hit beats a tag hit beats a summary hit beats a word in a step. */
export const FIELDS = { title: 10, tags: 5, summary: 3, steps: 2, body: 1 } as const;

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

/** Only valid runbooks are indexed: the site and the runner refuse the others. */
export function buildSearch(catalog: Catalog): SearchData {
  const runbooks = catalog.runbooks.filter((r) => r.valid);
  const docs: SearchDoc[] = runbooks.map((r) => ({ id: r.meta.id, t: r.meta.title, s: r.meta.summary, tier: r.meta.tier, service: r.meta.service, category: r.meta.category }));
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
  return { docs, index: index.toJSON() };
}
