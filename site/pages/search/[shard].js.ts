// One shard of the search index as a classic script (see src/search/data-script.ts), for a
// manual opened from disk.
import type { APIContext } from 'astro';
import { dataScript } from '../../../src/search/data-script.ts';
import { searchIndex } from '../../lib/manual.ts';

export function getStaticPaths() {
  return Object.keys(searchIndex().shards).map((shard) => ({ params: { shard } }));
}

export function GET({ params }: APIContext): Response {
  const path = `search/${params.shard!}.json`;
  return new Response(dataScript(path, searchIndex().shards[params.shard!]), { headers: { 'content-type': 'text/javascript' } });
}
