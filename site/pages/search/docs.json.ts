// The result list of every runbook and the names of the index shards (see SearchManifest):
// fetched when the search box is first used.
import { searchManifest } from '../../../src/search/build.ts';
import { searchIndex } from '../../lib/manual.ts';

export function GET(): Response {
  return new Response(JSON.stringify(searchManifest(searchIndex())), { headers: { 'content-type': 'application/json' } });
}
