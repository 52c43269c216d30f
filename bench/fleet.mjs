#!/usr/bin/env node
// Benchmark: one trivial command (`uptime`) on N loopback hosts, 10 at a time, over real
// OpenSSH (private sshd daemons on 127.0.0.x, from test/fleet/sshd.ts): opsbook's fleet step
// against `ansible all -m shell -a uptime -f 10` and against the floor, `xargs -P10 ssh`,
// alternating in one run. Each run starts cold (no ControlMaster left from an earlier run).
// Prints a markdown table of median wall times.
// Usage: node bench/fleet.mjs [N…] [--runs R] [--no-ansible]   (default: 50 200, 3 runs)
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { register } from 'tsx/esm/api';

register();
const { startFleet } = await import('../test/fleet/sshd.ts');

const here = import.meta.dirname;
const args = process.argv.slice(2);
const runsAt = args.indexOf('--runs');
const runs = runsAt === -1 ? 3 : Number(args[runsAt + 1]);
const sizes = args.filter((a, i) => !a.startsWith('--') && (runsAt === -1 || i !== runsAt + 1)).map(Number);
const Ns = sizes.length > 0 ? sizes : [50, 200];
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const haveAnsible = !args.includes('--no-ansible') && spawnSync('ansible', ['--version'], { stdio: 'ignore' }).status === 0;

function timed(cmd, argv, options = {}) {
  const started = performance.now();
  const r = spawnSync(cmd, argv, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options });
  const wall = (performance.now() - started) / 1000;
  if (r.status !== 0) throw new Error(`${cmd} failed (${r.status}):\n${(r.stdout ?? '').slice(-1500)}${(r.stderr ?? '').slice(-1500)}`);
  return { wall, out: r.stdout };
}

/** A workspace with one runbook whose fleet step runs `uptime` on $HOSTS. */
function workspace() {
  const dir = mkdtempSync(join(tmpdir(), 'opsbook-bench-fleet-'));
  mkdirSync(join(dir, 'runbooks', 'bench'), { recursive: true });
  const org = readFileSync(join(here, '..', 'test', 'fixtures', 'org.yaml'), 'utf8').replace(
    'usernames: [mberg]',
    `usernames: [mberg, ${userInfo().username}]`,
  );
  writeFileSync(join(dir, 'runbooks', 'org.yaml'), org);
  writeFileSync(
    join(dir, 'runbooks', 'bench', 'uptime.mdx'),
    `---
id: bench-uptime
title: Uptime on every host
summary: The fleet benchmark's one trivial command on every host.
service: mailbox
category: reliability
tier: II
owner: mberg
backup_owner: akhan
escalation:
  - { team: messaging-ops }
review: { last_reviewed: 2026-10-01, interval: 180d }
parameters:
  - { name: HOSTS, description: Hosts, pattern: '^[a-z0-9 ]+$' }
tags: [bench]
---

<Step id="uptime" title="Uptime" hosts="$HOSTS">
\`\`\`sh
uptime
\`\`\`
</Step>
`,
  );
  return dir;
}

const tools = {
  opsbook(fleet, hosts, ws) {
    const logs = join(ws, 'logs');
    return timed(
      process.execPath,
      [
        join(here, '..', 'bin', 'opsbook.js'),
        'run',
        'bench-uptime',
        '--yes',
        '--param',
        `HOSTS=${hosts.join(' ')}`,
        '--ssh-config',
        fleet.sshConfig,
        '--forks',
        '10',
        '--log-dir',
        logs,
      ],
      { cwd: ws, env: { ...process.env, NO_COLOR: '1' } },
    );
  },
  ansible(fleet, hosts, ws) {
    const inventory = join(ws, 'hosts.ini');
    writeFileSync(inventory, `[bench]\n${hosts.join('\n')}\n`);
    const cp = mkdtempSync(join('/tmp', 'ans-cp-'));
    try {
      return timed('ansible', ['all', '-i', inventory, '-m', 'shell', '-a', 'uptime', '-f', '10', `--ssh-common-args=-F ${fleet.sshConfig}`], {
        cwd: ws,
        env: {
          ...process.env,
          ANSIBLE_HOST_KEY_CHECKING: 'False',
          ANSIBLE_SSH_CONTROL_PATH_DIR: cp,
          ANSIBLE_PYTHON_INTERPRETER: '/usr/bin/python3',
          ANSIBLE_LOCAL_TEMP: join(ws, 'ans-tmp'),
          ANSIBLE_HOME: join(ws, 'ans-home'),
          ANSIBLE_NOCOLOR: '1',
        },
      });
    } finally {
      // Close the masters Ansible left (ControlPersist), so the next run starts cold too.
      for (const socket of readdirSync(cp)) spawnSync('ssh', ['-O', 'exit', '-o', `ControlPath=${join(cp, socket)}`, 'x'], { stdio: 'ignore' });
      rmSync(cp, { recursive: true, force: true });
    }
  },
  floor(fleet, hosts) {
    return timed('sh', ['-c', 'printf "%s\\n" "$@" | xargs -P10 -I{} ssh -F "$CONFIG" -o BatchMode=yes {} uptime', 'floor', ...hosts], {
      env: { ...process.env, CONFIG: fleet.sshConfig },
    });
  },
};

const names = (n) => Array.from({ length: n }, (_, i) => `h${String(i + 1).padStart(3, '0')}`);
const rows = [];
for (const n of Ns) {
  const fleet = await startFleet(n, { prefix: 'h', base: 10, maxStartups: '200' });
  // The test config numbers hosts h01…; give the bench's three-digit names the same addresses.
  writeFileSync(
    fleet.sshConfig,
    readFileSync(fleet.sshConfig, 'utf8').replace(/^Host h(\d+)$/gm, (_, d) => `Host h${d.padStart(3, '0')}`),
  );
  const hosts = names(n);
  const ws = workspace();
  // Warm-up: known_hosts filled (accept-new) and page caches warm, for every tool alike.
  tools.floor(fleet, hosts);
  const times = { opsbook: [], ansible: [], floor: [] };
  for (let r = 0; r < runs; r++) {
    for (const tool of Object.keys(tools)) {
      if (tool === 'ansible' && !haveAnsible) continue;
      const { wall, out } = tools[tool](fleet, hosts, ws);
      if (tool === 'floor' && out.trim().split('\n').length !== n) throw new Error(`the floor printed ${out.trim().split('\n').length} lines for ${n} hosts`);
      if (tool === 'opsbook' && !out.includes(`ok on ${n} hosts`)) throw new Error(`opsbook did not succeed on ${n} hosts:\n${out.slice(-1500)}`);
      times[tool].push(wall);
      process.stderr.write(`${n} hosts, run ${r + 1}/${runs}: ${tool} ${wall.toFixed(2)} s\n`);
    }
  }
  rows.push({ n, opsbook: median(times.opsbook), ansible: haveAnsible ? median(times.ansible) : NaN, floor: median(times.floor) });
  await fleet.stop();
  rmSync(ws, { recursive: true, force: true });
}

const fmt = (s) => (Number.isNaN(s) ? 'n/a' : `${s.toFixed(2)} s`);
console.log(`\nuptime on N loopback hosts, 10 at a time; median of ${runs} runs (${process.platform}, node ${process.version})\n`);
console.log('| hosts | opsbook | ansible -f 10 | xargs -P10 ssh | opsbook / ansible | opsbook / floor | opsbook s per host |');
console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const r of rows)
  console.log(
    `| ${r.n} | ${fmt(r.opsbook)} | ${fmt(r.ansible)} | ${fmt(r.floor)} | ${(r.opsbook / r.ansible).toFixed(2)} | ${(r.opsbook / r.floor).toFixed(2)} | ${(r.opsbook / r.n).toFixed(3)} |`,
  );
