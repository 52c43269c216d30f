#!/usr/bin/env node
// Benchmark: `opsbook check` as a whole cold process on N generated runbooks, without
// the check cache (every file parsed: a fresh clone, CI) and with a warm cache (nothing
// changed since the last check). Prints a markdown table: median wall time and peak RSS
// over R runs, ms per runbook, and the cost relative to the smallest N (linearity).
// Usage: node bench/check.mjs [N…] [--runs R]      (default: 100 1000 2000 3000, 5 runs)
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const here = import.meta.dirname;
const args = process.argv.slice(2);
const runsAt = args.indexOf('--runs');
const runs = runsAt === -1 ? 5 : Number(args[runsAt + 1]);
const sizes = args.filter((a, i) => !a.startsWith('--') && i !== runsAt + 1).map(Number);
const Ns = sizes.length > 0 ? sizes : [100, 1000, 2000, 3000];
const out = join(here, 'out');
mkdirSync(out, { recursive: true });

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function timeOnce(dir, cache) {
  // /usr/bin/time -f gives wall seconds and peak RSS (KB) of the whole process.
  const args = [process.execPath, join(here, '..', 'bin', 'opsbook.js'), 'check', dir, ...(cache ? [] : ['--no-cache'])];
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', ...args], { cwd: out, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  if (r.status !== 0) throw new Error(`check failed on ${dir}:\n${r.stdout.slice(-2000)}${r.stderr}`);
  const [wall, rss] = r.stderr.trim().split('\n').at(-1).split(' ').map(Number);
  return { wall, rss };
}

const rows = [];
for (const n of Ns) {
  const dir = join(out, `corpus-${n}`);
  execFileSync(process.execPath, [join(here, 'gen-corpus.mjs'), String(n), dir]);
  for (const cache of [false, true]) {
    timeOnce(dir, cache); // warms the OS file cache and the engine bundle (and the check cache); not counted
    const samples = Array.from({ length: runs }, () => timeOnce(dir, cache));
    rows.push({
      n,
      cache,
      wall: median(samples.map((s) => s.wall)),
      min: Math.min(...samples.map((s) => s.wall)),
      max: Math.max(...samples.map((s) => s.wall)),
      rss: median(samples.map((s) => s.rss)),
    });
  }
}
console.log(`opsbook check, a cold process each run, ${runs} runs each (median, min–max); node ${process.version}`);
console.log('');
console.log('| runbooks | check cache | wall median (min–max) | peak RSS | ms / runbook | wall ÷ wall at the smallest N |');
console.log('|---:|---|---:|---:|---:|---:|');
for (const r of rows) {
  const base = rows.find((b) => b.cache === r.cache);
  console.log(
    `| ${r.n} | ${r.cache ? 'warm' : 'none (--no-cache)'} | ${r.wall.toFixed(2)} s (${r.min.toFixed(2)}–${r.max.toFixed(2)}) | ${Math.round(r.rss / 1024)} MiB | ${((r.wall * 1000) / r.n).toFixed(2)} | ${(r.wall / base.wall).toFixed(2)} (N × ${(r.n / base.n).toFixed(0)}) |`,
  );
}
