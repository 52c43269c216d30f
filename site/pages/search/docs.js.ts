// The result list and the shard names (search/docs.json) as a classic script, for a manual
// opened from disk (see src/search/data-script.ts).
import { searchManifest } from '../../../src/search/build.ts';
import { dataScript } from '../../../src/search/data-script.ts';
import { searchIndex } from '../../lib/manual.ts';

export function GET(): Response {
  return new Response(dataScript('search/docs.json', searchManifest(searchIndex())), { headers: { 'content-type': 'text/javascript' } });
}
