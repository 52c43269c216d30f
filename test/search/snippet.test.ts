// A result's title and summary with the matched words marked, as plain segments (the site makes
// text nodes and <mark> elements of them), and the typed words found only in the steps.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog.ts';
import { buildSearch, stem, type SearchData } from '../../src/search/build.ts';
import { memorySource, search } from '../../src/search/query.ts';
import { highlight, snippet } from '../../src/search/snippet.ts';

const marks = (segments: { text: string; mark: boolean }[]) => segments.filter((s) => s.mark).map((s) => s.text);

describe('highlight', () => {
  it('marks every word whose stem matched, and keeps the text whole', () => {
    const text = 'Restore one or more mailboxes from backup; restored items <b>stay</b>.';
    const segments = highlight(text, [stem('restore'), stem('mailbox')]);
    expect(segments.map((s) => s.text).join('')).toBe(text);
    expect(marks(segments)).toEqual(['Restore', 'mailboxes', 'restored']);
  });

  it('marks a synonym of a matched word, and both halves of a joined word written apart', () => {
    const synonyms = new Map([[stem('blacklist'), [stem('blocklist')]]]);
    expect(marks(highlight('Check the public blocklists', [stem('blacklist')], synonyms))).toEqual(['blocklists']);
    expect(marks(highlight('Fail over mail to the standby site', ['failov']))).toEqual(['Fail', 'over']);
  });
});

describe('snippet of a hit', () => {
  let data: SearchData;
  beforeAll(async () => {
    data = buildSearch(await loadCatalog(join(import.meta.dirname, '..', '..', 'runbooks')));
  });

  it('names the typed words that neither the title nor the summary shows', async () => {
    const [hit] = await search(memorySource(data), data.docs, 'postsuper queue');
    expect(hit?.doc.id).toBe('mail-queue-growth');
    const shown = snippet(hit, new Map(data.synonyms));
    expect(marks(shown.title)).toEqual(['queue']);
    expect(shown.elsewhere).toEqual(['postsuper']);
  });
});
