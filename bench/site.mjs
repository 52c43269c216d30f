#!/usr/bin/env node
// Site benchmark: `opsbook build` of N generated runbooks (wall time and peak RSS, cold,
// whole process under /usr/bin/time -v), the bytes a reader fetches from the first
// keystroke to the first result for each query of ../shared/peers/queries.json, and the
// query latency. With --peer, Starlight + Pagefind (../shared/peers/peer-a-starlight) is
// built in the same run on its own corpus of the same N.
// Usage: node bench/site.mjs [--n 1000] [--runs 3] [--peer]
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { parseArgs } from 'node:util';

const ROOT = join(import.meta.dirname, '..');
const PEERS = join(ROOT, '..', 'shared', 'peers');
const OUT = join(ROOT, 'bench', 'out');
const { values } = parseArgs({
  options: { n: { type: 'string', default: '1000' }, runs: { type: 'string', default: '3' }, peer: { type: 'boolean', default: false } },
});
const N = Number(values.n);
const RUNS = Number(values.runs);

function timed(cmd, args, options = {}) {
  const r = spawnSync('/usr/bin/time', ['-v', cmd, ...args], { encoding: 'utf8', maxBuffer: 1 << 28, ...options });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed:\n${r.stderr.slice(-3000)}`);
  const wall = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)/.exec(r.stderr);
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr);
  return { wall: Number(wall[1] ?? 0) * 3600 + Number(wall[2]) * 60 + Number(wall[3]), rssMiB: Number(rss[1]) / 1024 };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const gz = (path) => gzipSync(readFileSync(path), { level: 9 }).length;

// opsbook
const corpus = join(OUT, `corpus-${N}`);
rmSync(corpus, { recursive: true, force: true });
execFileSync(process.execPath, [join(ROOT, 'bench', 'gen-corpus.mjs'), String(N), corpus], { stdio: 'ignore' });
const site = join(OUT, `site-${N}`);
const builds = [];
for (let i = 0; i < RUNS; i++) {
  rmSync(site, { recursive: true, force: true });
  rmSync(join(ROOT, '.astro'), { recursive: true, force: true });
  rmSync(join(ROOT, 'node_modules', '.astro'), { recursive: true, force: true });
  rmSync(join(ROOT, 'node_modules', '.vite'), { recursive: true, force: true });
  builds.push(timed(process.execPath, [join(ROOT, 'bin', 'opsbook.js'), 'build', '--root', corpus, '--out', site], { cwd: ROOT }));
}

// Search: bytes after the first keystroke (lunr and query chunks, the result list, the shards
// the words need), gzip -9 as a server would send them; and query time in this process.
const astroDir = join(site, '_astro');
const chunk = (prefix) =>
  readdirSync(astroDir)
    .filter((f) => f.startsWith(prefix))
    .map((f) => join(astroDir, f));
const fixed = [...chunk('lunr.'), ...chunk('query.'), join(site, 'search', 'docs.json')].reduce((sum, f) => sum + gz(f), 0);
const queries = JSON.parse(readFileSync(join(PEERS, 'queries.json'), 'utf8'));
const { search } = await import('../src/search/query.ts');
const { builtIndex } = await import('./built-index.mjs');
/** The site's files as the browser gets them; `asked` records which a query needed. */
const { docs, source: fileSource } = builtIndex(site);
const searchFile = (name) => join(site, 'search', `${name}.json`);
const rows = [];
for (const q of queries) {
  const asked = new Set();
  const source = fileSource(asked);
  const hits = (await search(source, docs, q, { limit: 20 })).length;
  const bytes =
    fixed +
    [...asked]
      .map(searchFile)
      .filter(existsSync)
      .reduce((s, f) => s + gz(f), 0);
  const times = [];
  for (let i = 0; i < 21; i++) {
    const t = performance.now();
    await search(source, docs, q, { limit: 20 });
    times.push(performance.now() - t);
  }
  rows.push({ q, bytes, ms: median(times), hits });
}

// Peer
let peer;
if (values.peer) {
  const dir = join(OUT, 'peer-a');
  if (!existsSync(join(dir, 'node_modules'))) {
    rmSync(dir, { recursive: true, force: true });
    cpSync(join(PEERS, 'peer-a-starlight'), dir, { recursive: true });
    // npm 11 rejects this lock file in `npm ci` (platform packages missing); install from it.
    execFileSync('npm', ['install', '--no-audit', '--no-fund'], { cwd: dir, stdio: 'ignore' });
  }
  const docsDir = join(dir, 'src', 'content', 'docs');
  rmSync(docsDir, { recursive: true, force: true });
  execFileSync(process.execPath, [join(PEERS, 'gen.mjs'), String(N), docsDir], { stdio: 'ignore' });
  peer = timed('sh', [join(PEERS, 'build-cold.sh'), dir]);
}

const fmt = (x, d = 1) => x.toFixed(d);
const corpusBytes = Number(execFileSync('du', ['-sb', corpus], { encoding: 'utf8' }).split('\t')[0]);
console.log(`\n## opsbook build, N=${N} (${RUNS} cold runs; corpus ${corpusBytes.toLocaleString('en')} bytes)\n`);
console.log('| tool | wall s, median (min–max) | peak RSS MiB, median |');
console.log('|---|---|---|');
console.log(
  `| opsbook build | ${fmt(median(builds.map((b) => b.wall)))} (${fmt(Math.min(...builds.map((b) => b.wall)))}–${fmt(Math.max(...builds.map((b) => b.wall)))}) | ${fmt(median(builds.map((b) => b.rssMiB)), 0)} |`,
);
if (peer) {
  console.log(`| Starlight + Pagefind (1 cold run, same session) | ${fmt(peer.wall)} | ${fmt(peer.rssMiB, 0)} |`);
  console.log(
    `\nRatio opsbook / Starlight: wall ${fmt(median(builds.map((b) => b.wall)) / peer.wall, 2)}, peak RSS ${fmt(median(builds.map((b) => b.rssMiB)) / peer.rssMiB, 2)}`,
  );
}
console.log(`\n## Search at N=${N}: bytes from first keystroke to first result (gzip -9), query time\n`);
console.log('| query | KiB fetched | median ms | results |');
console.log('|---|---|---|---|');
for (const r of rows) console.log(`| ${r.q} | ${fmt(r.bytes / 1024)} | ${fmt(r.ms, 2)} | ${r.hits} |`);
console.log(
  `\nmedian over queries: ${fmt(median(rows.map((r) => r.bytes)) / 1024)} KiB, max ${fmt(Math.max(...rows.map((r) => r.bytes)) / 1024)} KiB; median query ${fmt(median(rows.map((r) => r.ms)), 2)} ms`,
);
