// Search for a person under stress, on the bundled manual: a typo in a short word, a term split,
// joined or hyphenated otherwise than the runbook writes it, a customer's word that only the
// manual's synonyms know, and the runbooks with every word before those with some.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog.ts';
import { buildSearch, type SearchData } from '../../src/search/build.ts';
import { memorySource, search } from '../../src/search/query.ts';

const ROOT = join(import.meta.dirname, '..', '..');

let data: SearchData;
beforeAll(async () => {
  data = JSON.parse(JSON.stringify(buildSearch(await loadCatalog(join(ROOT, 'runbooks'))))) as SearchData;
});
const first = async (text: string) => (await search(memorySource(data), data.docs, text, { limit: 10 }))[0]?.doc.id;

describe('typos', () => {
  it('finds a word of 4 or 5 letters with one edit, a swap of two letters included', async () => {
    const cases = {
      'dsik full on mailbox store': 'message-store-disk-space',
      'qeue growing': 'mail-queue-growth',
      'spma outbreak': 'spam-virus-outbreak',
      'quoat full': 'quota-exceeded',
      'acount locked': 'account-locked',
    };
    for (const [text, id] of Object.entries(cases)) expect([text, await first(text)]).toEqual([text, id]);
  });

  it('finds a long misspelt word whose index stem is shorter (`replicaton` → `replic`)', async () => {
    expect(await first('ldap replicaton')).toBe('ldap-replication-repair');
    expect(await first('certficate expired')).toBe('certificate-renewal');
  });

  it('keeps the first letter of a short word: `gmail` is not taken for `mail`', async () => {
    const hits = await search(memorySource(data), data.docs, 'gmail');
    expect(hits).toEqual([]);
  });
});

describe('split and joined words', () => {
  it('finds a hyphenated or split compound by its joined form', async () => {
    const cases = {
      'fail-over': 'mail-site-failover',
      'fail over': 'mail-site-failover',
      'fail back': 'mail-site-failback',
      'log in locked out': 'account-locked',
      'mail box full': 'quota-exceeded',
      're-queue deferred': 'mail-queue-growth',
    };
    for (const [text, id] of Object.entries(cases)) expect([text, await first(text)]).toEqual([text, id]);
  });

  it('finds a joined word by its two halves', async () => {
    expect(await first('roundtrip time')).toBe('mta-banner-round-trip');
    expect(await first('statuspage')).toBe('major-incident-communication');
  });
});

describe('the manual’s synonyms (runbooks/synonyms.yaml)', () => {
  it('finds a runbook by a word of a synonym group that the runbook does not use', async () => {
    const cases = {
      'black list': 'spam-virus-outbreak',
      slapcat: 'ldap-replication-repair',
      'hacked account sending spam': 'spam-virus-outbreak',
      'inbox full cannot receive': 'quota-exceeded',
    };
    for (const [text, id] of Object.entries(cases)) expect([text, await first(text)]).toEqual([text, id]);
  });
});

describe('every word first', () => {
  it('puts the runbooks with every word before those with some, and says which are which', async () => {
    const hits = await search(memorySource(data), data.docs, 'mailbox quota', { limit: 20 });
    const all = hits.filter((h) => h.all);
    expect(all.length).toBeGreaterThan(0);
    expect(all.length).toBeLessThan(hits.length);
    expect(hits.slice(0, all.length).every((h) => h.all)).toBe(true);
    for (const h of all) expect(h.words.map((w) => w.word).sort()).toEqual(['mailbox', 'quota']);
    // A word found in most runbooks (`mail`) does not decide what matches every word.
    const queue = await search(memorySource(data), data.docs, 'mail qeueu', { limit: 20 });
    expect(queue[0]?.doc.id).toBe('mail-queue-growth');
    expect(queue.filter((h) => h.all).every((h) => h.words.some((w) => w.word === 'qeueu'))).toBe(true);
  });
});
