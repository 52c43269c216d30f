#!/usr/bin/env node
// Search cost on a built manual, as a reader meets it: the bytes a fresh page fetches from the
// moment the search box is used until the first result shows (every request the browser makes,
// each file gzip -9 as a server would send it), in Chromium against `opsbook serve`; and the
// query time of `search()` in Node over the built files (median of 21 after a first query that
// loads them). Queries: ../shared/peers/queries.json, as bench/site.mjs.
// Usage: node --import tsx bench/search-bytes.mjs --site DIR [--port 4540]
// (build DIR first: node bench/gen-corpus.mjs 1000 C && node bin/opsbook.js build --root C --out DIR)
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';

const ROOT = join(import.meta.dirname, '..');
const PEERS = [join(ROOT, '..', 'shared', 'peers'), join(ROOT, '..', '..', 'shared', 'peers')].find((d) => existsSync(d));
const { values } = parseArgs({ options: { site: { type: 'string' }, port: { type: 'string', default: '4540' } } });
const site = values.site;
const queries = JSON.parse(readFileSync(join(PEERS, 'queries.json'), 'utf8'));
const gz = (path) => gzipSync(readFileSync(path), { level: 9 }).length;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const server = spawn(process.execPath, [join(ROOT, 'bin', 'opsbook.js'), 'serve', '--dir', site, '--port', values.port], { stdio: 'ignore' });
const base = `http://127.0.0.1:${values.port}/`;
for (
  let i = 0;
  i < 100 &&
  !(await fetch(base).then(
    (r) => r.ok,
    () => false,
  ));
  i++
)
  await new Promise((r) => setTimeout(r, 100));
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });

/** Bytes fetched from the first use of the search box to the first result, on a fresh page. */
async function bytesOf(q) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(base, { waitUntil: 'load' });
  const files = new Set();
  page.on('request', (request) => files.add(decodeURIComponent(new URL(request.url()).pathname)));
  await page.locator('#q').fill(q);
  await page.waitForFunction((text) => globalThis.document.querySelector('#search-results')?.dataset.query === text, q);
  const results = await page.locator('#search-results li').count();
  await context.close();
  const paths = [...files].map((p) => join(site, p)).filter((f) => existsSync(f) && !f.endsWith('/'));
  return { bytes: paths.reduce((s, f) => s + gz(f), 0), results };
}

const { search } = await import('../src/search/query.ts');
const { builtIndex } = await import('./built-index.mjs');
const built = builtIndex(site);
const { docs } = built;
const source = built.source();
const rows = [];
for (const q of queries) {
  const { bytes, results } = await bytesOf(q);
  await search(source, docs, q, { limit: 20 });
  const times = [];
  for (let i = 0; i < 21; i++) {
    const t = performance.now();
    await search(source, docs, q, { limit: 20 });
    times.push(performance.now() - t);
  }
  rows.push({ q, kib: bytes / 1024, ms: median(times), results });
}
await browser.close();
server.kill();
console.log('| query | KiB fetched | median ms | results |\n|---|---|---|---|');
for (const r of rows) console.log(`| ${r.q} | ${r.kib.toFixed(1)} | ${r.ms.toFixed(2)} | ${r.results} |`);
const kib = rows.map((r) => r.kib);
console.log(
  `\nmedian over queries: ${median(kib).toFixed(1)} KiB, max ${Math.max(...kib).toFixed(1)} KiB; median query ${median(rows.map((r) => r.ms)).toFixed(2)} ms, max ${Math.max(...rows.map((r) => r.ms)).toFixed(2)} ms`,
);
