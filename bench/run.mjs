#!/usr/bin/env node
// Runner overhead: a runbook of N trivial steps (`true`) run by `opsbook run --yes`, against
// the same N scripts run by bash directly, one process each (what a person pasting them
// would do). Per-step overhead = (runner(N) − runner(1)) / (N − 1) − bash per script; it
// includes writing and fsync'ing the step's log events. On a shared machine the wall time
// swings with the load; the CPU time (user + system, of the runner and its children, from
// /usr/bin/time) swings much less and is reported beside it. The same runs signed with an
// ed25519 key (--signing-key: a checkpoint signed by ssh-keygen after every step-end, the
// ledger's two lines) give the signing overhead per step.
// Usage: node bench/run.mjs [--steps 100] [--runs 5]
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const ROOT = join(import.meta.dirname, '..');
const { values } = parseArgs({ options: { steps: { type: 'string', default: '100' }, runs: { type: 'string', default: '5' } } });
const N = Number(values.steps);
const RUNS = Number(values.runs);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const dir = mkdtempSync(join(tmpdir(), 'opsbook-bench-run-'));
mkdirSync(join(dir, 'runbooks', 'mailbox'), { recursive: true });
const key = join(dir, 'signing_key');
execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'bench', '-f', key]);
const publicKey = readFileSync(`${key}.pub`, 'utf8').trim();
writeFileSync(
  join(dir, 'runbooks', 'org.yaml'),
  `people:
  - { id: op, name: Operator, contact: { email: op@example.net }, usernames: [${userInfo().username}], signing_keys: ["${publicKey}"] }
  - { id: bk, name: Backup, contact: { email: bk@example.net } }
teams:
  - { id: ops, name: Ops, tier: II, members: [op, bk], contact: { email: ops@example.net }, coverage: [{ days: [mon, tue, wed, thu, fri, sat, sun], from: "00:00", to: "24:00", tz: UTC }] }
services:
  - { id: mailbox, name: Mailbox, team: ops }
`,
);
function runbook(id, steps) {
  const body = Array.from({ length: steps }, (_, i) => `<Step id="s${i}" title="Step ${i}">\n\n\`\`\`sh\ntrue\n\`\`\`\n</Step>`).join('\n\n');
  writeFileSync(
    join(dir, 'runbooks', 'mailbox', `${id}.mdx`),
    `---\nid: ${id}\ntitle: Bench ${id}\nsummary: Trivial steps.\nservice: mailbox\ncategory: reliability\ntier: II\nowner: op\nbackup_owner: bk\nescalation:\n  - { team: ops }\nreview: { last_reviewed: 2026-11-01, interval: 90d }\nparameters: []\ntags: [bench]\n---\n\n${body}\n`,
  );
}
runbook('one', 1);
runbook('many', N);

const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
const cpuFile = join(dir, 'cpu');
const cpu = { one: [], many: [], bash: [], signedOne: [], signedMany: [] };
/** Wall seconds of one run; its CPU seconds go to `cpu[kind]` where /usr/bin/time exists. */
function time(kind, cmd, args) {
  const t = performance.now();
  const r = TIME
    ? spawnSync(TIME, ['-f', '%U %S', '-o', cpuFile, cmd, ...args], { cwd: dir, stdio: 'ignore' })
    : spawnSync(cmd, args, { cwd: dir, stdio: 'ignore' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}`);
  const wall = (performance.now() - t) / 1000;
  if (TIME && kind)
    cpu[kind].push(
      readFileSync(cpuFile, 'utf8')
        .trim()
        .split(/\s+/)
        .map(Number)
        .reduce((a, b) => a + b, 0),
    );
  return wall;
}
const opsbook = (id, kind, ...extra) =>
  time(kind, process.execPath, [join(ROOT, 'bin', 'opsbook.js'), 'run', id, '--yes', '--log-dir', join(dir, 'logs'), ...extra]);
const script = join(dir, 'true.sh');
writeFileSync(script, 'true\n');
const bashAll = () => time('bash', 'bash', ['-c', `for i in $(seq ${N}); do bash --noprofile --norc -o errexit -o nounset -o pipefail ${script}; done`]);

opsbook('one');
const one = [],
  many = [],
  bash = [],
  signedOne = [],
  signedMany = [];
for (let i = 0; i < RUNS; i++) {
  one.push(opsbook('one', 'one'));
  many.push(opsbook('many', 'many'));
  bash.push(bashAll());
  signedOne.push(opsbook('one', 'signedOne', '--signing-key', key));
  signedMany.push(opsbook('many', 'signedMany', '--signing-key', key));
}
const perStepSigned = (median(signedMany) - median(signedOne)) / (N - 1);
const perStepRunner = (median(many) - median(one)) / (N - 1);
const perStepBash = median(bash) / N;
const fsync = execFileSync('df', ['-T', dir], { encoding: 'utf8' }).trim().split('\n').pop().split(/\s+/)[1];
console.log(`\n## Runner overhead (${RUNS} runs, median; log on ${fsync})\n`);
console.log('| what | wall s | per step ms |');
console.log('|---|---|---|');
console.log(`| opsbook run --yes, 1 step | ${median(one).toFixed(2)} | – |`);
console.log(`| opsbook run --yes, ${N} steps | ${median(many).toFixed(2)} | ${(perStepRunner * 1000).toFixed(1)} |`);
console.log(`| bash, ${N} scripts, one process each | ${median(bash).toFixed(2)} | ${(perStepBash * 1000).toFixed(1)} |`);
console.log(`| opsbook run --yes --signing-key, 1 step | ${median(signedOne).toFixed(2)} | – |`);
console.log(`| opsbook run --yes --signing-key, ${N} steps | ${median(signedMany).toFixed(2)} | ${(perStepSigned * 1000).toFixed(1)} |`);
console.log(
  `\nRunner overhead per trivial step: ${((perStepRunner - perStepBash) * 1000).toFixed(1)} ms (goal ≤ 15 ms); ${N}-step runbook start to end: ${median(many).toFixed(2)} s (goal ≤ 3 s)`,
);
if (TIME) {
  const cpuPerStep = (median(cpu.many) - median(cpu.one)) / (N - 1) - median(cpu.bash) / N;
  console.log(`Runner CPU time per trivial step (user + system, bash's own excluded): ${(cpuPerStep * 1000).toFixed(1)} ms`);
  const cpuSigned = (median(cpu.signedMany) - median(cpu.signedOne)) / (N - 1) - (median(cpu.many) - median(cpu.one)) / (N - 1);
  console.log(`Signing CPU time added per step (ssh-keygen included): ${(cpuSigned * 1000).toFixed(1)} ms`);
}
console.log(`Signing adds per step: ${((perStepSigned - perStepRunner) * 1000).toFixed(1)} ms (goal ≤ 30 ms)`);
rmSync(dir, { recursive: true, force: true });
