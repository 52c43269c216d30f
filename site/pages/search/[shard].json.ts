// One shard of the search index (terms starting with the same two letters), fetched when a
// typed word needs it.
import type { APIContext } from 'astro';
import { searchIndex } from '../../lib/manual.ts';

export function getStaticPaths() {
  return Object.keys(searchIndex().shards).map((shard) => ({ params: { shard } }));
}

export function GET({ params }: APIContext): Response {
  const data = searchIndex();
  return new Response(JSON.stringify(data.shards[params.shard!]), { headers: { 'content-type': 'application/json' } });
}
