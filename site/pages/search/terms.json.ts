// Every term of the search index, sorted: fetched only when a typed word is not in its shard,
// to look for the word it was meant to be (a typo, a split word).
import { allTerms } from '../../../src/search/build.ts';
import { searchIndex } from '../../lib/manual.ts';

export function GET(): Response {
  return new Response(JSON.stringify(allTerms(searchIndex().shards)), { headers: { 'content-type': 'application/json' } });
}
