// What a search result shows, for every runbook: fetched when the search box is first used.
import { searchIndex } from '../../lib/manual.ts';

export async function GET(): Promise<Response> {
  return new Response(JSON.stringify((await searchIndex()).docs), { headers: { 'content-type': 'application/json' } });
}
