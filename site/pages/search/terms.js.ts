// Every term of the search index (search/terms.json) as a classic script, for a manual opened
// from disk (see src/search/data-script.ts).
import { allTerms } from '../../../src/search/build.ts';
import { dataScript } from '../../../src/search/data-script.ts';
import { searchIndex } from '../../lib/manual.ts';

export function GET(): Response {
  return new Response(dataScript('search/terms.json', allTerms(searchIndex().shards)), { headers: { 'content-type': 'text/javascript' } });
}
