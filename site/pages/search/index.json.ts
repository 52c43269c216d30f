// The search index the browser fetches on first use: built by the engine, like `opsbook search`.
import { buildSearch } from '../../../src/search/build.ts';
import { catalog } from '../../lib/manual.ts';

export async function GET(): Promise<Response> {
  return new Response(JSON.stringify(buildSearch(await catalog())), { headers: { 'content-type': 'application/json' } });
}
