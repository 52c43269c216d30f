// Every term of the search index, sorted: fetched only when a typed word of 5+ letters is
// not in its shard, to look for the word it was meant to be.
import { allTerms } from '../../../src/search/build.ts';
import { searchIndex } from '../../lib/manual.ts';

export async function GET(): Promise<Response> {
  return new Response(JSON.stringify(allTerms((await searchIndex()).shards)), { headers: { 'content-type': 'application/json' } });
}
