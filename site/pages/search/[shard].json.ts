// One shard of the search index (terms starting with the same two letters), fetched when a
// typed word needs it.
import type { APIContext } from 'astro';
import { searchIndex } from '../../lib/manual.ts';

export async function getStaticPaths() {
  return Object.keys((await searchIndex()).shards).map((shard) => ({ params: { shard } }));
}

export async function GET({ params }: APIContext): Promise<Response> {
  const data = await searchIndex();
  return new Response(JSON.stringify(data.shards[params.shard!]), { headers: { 'content-type': 'application/json' } });
}
