#!/usr/bin/env node
// Search relevance on the bundled manual: hit@1, hit@3 and MRR of opsbook's search (the site's
// code, src/search/query.ts, on the index the site ships) for the queries of
// bench/search-queries.yaml, and, with --peer, Pagefind's on the same manual and queries in the
// same run (../shared/peers/pagefind-relevance.mjs on a Starlight build filled by
// ../shared/peers/starlight-from-runbooks.mjs). --dist reads the index from a built manual
// instead of building it here. --misses lists the queries whose runbook is not first.
// Usage: node --import tsx bench/search-relevance.mjs [--root runbooks] [--dist DIR] [--peer DIR] [--misses]
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import yaml from 'js-yaml';

const ROOT = join(import.meta.dirname, '..');
const { values } = parseArgs({
  options: { root: { type: 'string', default: 'runbooks' }, dist: { type: 'string' }, peer: { type: 'string' }, misses: { type: 'boolean', default: false } },
});
// The peers' scripts: ../shared/peers beside the project (or beside the folder of worktrees).
const PEERS = [join(ROOT, '..', 'shared', 'peers'), join(ROOT, '..', '..', 'shared', 'peers')].find((d) => existsSync(d));
const { queries } = yaml.load(readFileSync(join(ROOT, 'bench', 'search-queries.yaml'), 'utf8'));
const { search, memorySource } = await import('../src/search/query.ts');
const { builtIndex } = await import('./built-index.mjs');

/** The index as the site ships it: from a built manual, or built here and passed through JSON. */
async function index() {
  if (values.dist) {
    const { docs, source } = builtIndex(values.dist);
    return { docs, source: source() };
  }
  const { loadCatalog } = await import('../src/catalog.ts');
  const { buildSearch } = await import('../src/search/build.ts');
  const data = JSON.parse(JSON.stringify(buildSearch(await loadCatalog(values.root, { cwd: ROOT }))));
  return { docs: data.docs, source: memorySource(data) };
}

const { docs, source } = await index();
const score = (rows) => {
  const n = rows.length;
  const at = (k) => rows.filter((r) => r.rank >= 1 && r.rank <= k).length / n;
  return { n, hit1: at(1), hit3: at(3), mrr: rows.reduce((s, r) => s + (r.rank ? 1 / r.rank : 0), 0) / n };
};
const rows = [];
for (const { q, want, kind } of queries) {
  const ids = (await search(source, docs, q, { limit: 10 })).map((h) => h.doc.id);
  rows.push({ q, want, kind, rank: ids.findIndex((id) => want.includes(id)) + 1, top: ids[0] ?? '(none)' });
}
const fmt = (s) => `${s.hit1.toFixed(2)} | ${s.hit3.toFixed(2)} | ${s.mrr.toFixed(2)}`;
const kinds = [...new Set(queries.map((q) => q.kind))];
let peer;
if (values.peer) {
  // Pagefind's script reads `query<TAB>id,id` lines; one run per kind and one for all.
  const dir = mkdtempSync(join(tmpdir(), 'opsbook-relevance-'));
  peer = {};
  for (const kind of ['all', ...kinds]) {
    const file = join(dir, `${kind}.tsv`);
    writeFileSync(
      file,
      queries
        .filter((q) => kind === 'all' || q.kind === kind)
        .map((q) => `${q.q}\t${q.want.join(',')}`)
        .join('\n') + '\n',
    );
    const out = execFileSync(process.execPath, [join(PEERS, 'pagefind-relevance.mjs'), values.peer, file], { encoding: 'utf8' });
    const m = /(\d+) queries, hit@1 ([\d.]+), hit@3 ([\d.]+), MRR ([\d.]+)/.exec(out);
    peer[kind] = { n: Number(m[1]), hit1: Number(m[2]), hit3: Number(m[3]), mrr: Number(m[4]) };
  }
}
console.log(`| queries | n | opsbook hit@1 | hit@3 | MRR |${peer ? ' Pagefind hit@1 | hit@3 | MRR |' : ''}`);
console.log(`|---|---|---|---|---|${peer ? '---|---|---|' : ''}`);
for (const kind of ['all', ...kinds]) {
  const s = score(rows.filter((r) => kind === 'all' || r.kind === kind));
  console.log(`| ${kind} | ${s.n} | ${fmt(s)} |${peer ? ` ${fmt(peer[kind])} |` : ''}`);
}
if (values.misses)
  for (const r of rows.filter((r) => r.rank !== 1))
    console.log(`miss (${r.kind}) "${r.q}": wanted ${r.want.join(' or ')} at ${r.rank || 'none'}, first ${r.top}`);
