// The search index of a built manual, read from its files as the browser gets them: the docs,
// and an index source that loads each shard and the term list once. `asked`, when given,
// records which files a query needed.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const { loadShard, termSet } = await import('../src/search/query.ts');

/** `{ docs, source(asked?) }` of the manual built into `site`. */
export function builtIndex(site) {
  const file = (name) => join(site, 'search', `${name}.json`);
  const read = (name) => JSON.parse(readFileSync(file(name), 'utf8'));
  const { docs } = read('docs');
  const source = (asked) => {
    const shards = new Map();
    let terms;
    return {
      shard: async (key) => {
        asked?.add(key);
        if (!shards.has(key)) shards.set(key, existsSync(file(key)) ? loadShard(read(key)) : undefined);
        return shards.get(key);
      },
      terms: async () => {
        asked?.add('terms');
        return (terms ??= termSet(read('terms')));
      },
    };
  };
  return { docs, source };
}
