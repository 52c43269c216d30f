// Search ranks exactly as lunr's own query does on the whole index, from shards that each
// hold only their terms; and it finds by a step word, a prefix and a typo, and filters.
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import lunr from 'lunr';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog.ts';
import { buildIndex, buildSearch, type SearchData } from '../../src/search/build.ts';
import { plan } from '../../src/search/plan.ts';
import { memorySource, queryWords, search, termSet, type IndexSource } from '../../src/search/query.ts';
import { opsbook } from '../cli/run-cli.ts';

const ROOT = join(import.meta.dirname, '..', '..');

/** The query the site runs (the plan's terms and boosts), written as a query on lunr's own whole index. */
async function lunrQuery(index: lunr.Index, data: SearchData, text: string): Promise<lunr.Index.Result[]> {
  const concepts = await plan(memorySource(data), queryWords(text));
  const clauses = [...new Set(concepts.flatMap((c) => c.ways.flat()))];
  // lunr's query of no clause matches every document; the search then finds none.
  if (clauses.length === 0) return [];
  return index.query((q) => {
    for (const { term, boost } of clauses) q.term(term, { usePipeline: false, boost });
  });
}

/** An in-memory source (shards through JSON, as the site gets them) that records what it is asked for. */
function sourceOf(data: SearchData): IndexSource & { asked: string[] } {
  const inner = memorySource(JSON.parse(JSON.stringify(data)) as SearchData);
  const asked: string[] = [];
  return {
    asked,
    shard: (key) => (asked.push(key), inner.shard(key)),
    terms: () => (asked.push('terms'), inner.terms()),
  };
}

const QUERIES = [
  'inodes',
  'mailbox quota',
  'restore backup',
  'postfix queue backlog',
  'certificate expiry',
  'restore mailbox from backup snapshot',
  'timedatctl',
  'certifcate',
  'ecrtificate',
  'mailbxo quota',
  'replicat',
  'the',
  'disk full on the storage node',
  'zzzz-nothing-matches',
];

for (const corpus of ['bundled', 'generated']) {
  describe(`search on the ${corpus} manual`, () => {
    let data: SearchData;
    let index: lunr.Index;
    beforeAll(async () => {
      let root = join(ROOT, 'runbooks');
      if (corpus === 'generated') {
        root = mkdtempSync(join(tmpdir(), 'opsbook-search-'));
        execFileSync(process.execPath, [join(ROOT, 'bench', 'gen-corpus.mjs'), '300', root]);
      }
      const catalog = await loadCatalog(root);
      data = buildSearch(catalog);
      index = buildIndex(
        catalog.runbooks.filter((r) => r.valid),
        catalog.synonyms,
      );
    });

    it.each(QUERIES)('scores `%s` as lunr does on the whole index, every-word matches first', async (text) => {
      const expected = await lunrQuery(index, data, text);
      const got = await search(sourceOf(data), data.docs, text);
      expect(got.map((h) => h.doc.id).sort()).toEqual(expected.map((r) => data.docs[Number(r.ref)].id).sort());
      got.forEach((hit, i) => {
        const own = expected.find((r) => data.docs[Number(r.ref)].id === hit.doc.id)!;
        expect(hit.score).toBeCloseTo(own.score, 9);
        expect(hit.terms.sort()).toEqual(Object.keys(own.matchData.metadata).sort());
        // A runbook with every word comes before one without; among those, by lunr's score.
        const before = got[i - 1];
        if (before) expect(before.all || !hit.all).toBe(true);
        if (before?.all && hit.all) expect(before.score).toBeGreaterThanOrEqual(hit.score - 1e-9);
      });
    });
  });
}

describe('search behaviour', () => {
  let data: SearchData;
  beforeAll(async () => {
    data = buildSearch(await loadCatalog(join(ROOT, 'runbooks')));
  });
  const hits = (text: string, filters = {}) => search(sourceOf(data), data.docs, text, filters);
  const ids = async (text: string, filters = {}) => (await hits(text, filters)).map((h) => h.doc.id);

  it('finds a runbook by a word that is only inside a step', async () => {
    expect((await ids('inodes'))[0]).toBe('host-health-triage');
  });

  it('finds by a typo anywhere in a word of 5+ letters, and by the prefix of the last word', async () => {
    expect((await ids('timedatctl'))[0]).toBe('host-health-triage');
    expect((await ids('ecrtificate'))[0]).toBe('certificate-renewal');
    expect(await ids('certifi')).toContain('certificate-renewal');
  });

  it('puts a title hit before a body hit', async () => {
    expect((await ids('certificate'))[0]).toBe('certificate-renewal');
  });

  it('filters by tier and service, and stops at the limit', async () => {
    const tierTwo = await hits('mailbox', { tier: 'II' });
    expect(tierTwo.length).toBeGreaterThan(0);
    expect(tierTwo.every((h) => h.doc.tier === 'II')).toBe(true);
    const storage = await hits('restore', { service: 'storage' });
    expect(storage.length).toBeGreaterThan(0);
    expect(storage.every((h) => h.doc.service === 'storage')).toBe(true);
    expect(await ids('mailbox', { limit: 2 })).toHaveLength(2);
  });

  it('asks only for the shards of the typed words, and for the term list only to look for a typo', async () => {
    const plain = sourceOf(data);
    await search(plain, data.docs, 'Restore restart mailbox');
    expect([...new Set(plain.asked)].sort()).toEqual(['ma', 're']);
    const typo = sourceOf(data);
    await search(typo, data.docs, 'ecrtificate');
    expect(typo.asked).toContain('terms');
    expect(typo.asked).toContain('ce');
  });

  it('finds nothing, without failing, when a shard is missing', async () => {
    expect(await search({ shard: async () => undefined, terms: async () => termSet([]) }, data.docs, 'restore')).toEqual([]);
  });
});

describe('opsbook search', () => {
  it('prints the best runbooks, as JSON on request, and exits 1 when nothing matches', () => {
    const text = opsbook(['search', 'ecrtificate', 'renewal', '--limit', '3'], { cwd: ROOT });
    expect(text.status).toBe(0);
    expect(text.stdout.split('\n')[0]).toMatch(/^certificate-renewal {2}/);
    const json = opsbook(['search', 'restore', '--service', 'storage', '--json'], { cwd: ROOT });
    const hits = JSON.parse(json.stdout) as { id: string; service: string; score: number }[];
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.every((h) => h.service === 'storage' && h.score > 0)).toBe(true);
    const none = opsbook(['search', 'zzzqqq'], { cwd: ROOT });
    expect(none.status).toBe(1);
    expect(none.stdout).toContain('No runbook matches `zzzqqq`.');
  });

  it('rejects a bad --tier or --limit with a usage error', () => {
    const r = opsbook(['search', 'mail', '--limit', '0'], { cwd: ROOT });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--limit takes a whole number of at least 1');
    expect(opsbook(['search', 'mail', '--tier', 'IV'], { cwd: ROOT }).status).toBe(2);
  });
});
