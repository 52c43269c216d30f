#!/usr/bin/env node
// Generate N valid opsbook runbooks and an org.yaml into a folder, deterministically
// (mulberry32 PRNG, fixed seed): the corpus of the check and site benchmarks.
// Usage: node bench/gen-corpus.mjs <N> <dir>
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [nArg, dir] = process.argv.slice(2);
const N = Number(nArg);
if (!Number.isInteger(N) || N < 1 || !dir) {
  console.error('Usage: node bench/gen-corpus.mjs <N> <dir>');
  process.exit(2);
}

function mulberry32(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = mulberry32(20261124);
const pick = (list) => list[Math.floor(rand() * list.length)];
const words =
  'mail mailbox ldap failover queue mta proxy backup restore disk quota replication certificate store volume index blob storage standby primary delivery bounce deferred spam virus session imap pop webmail dns balancer latency throughput threshold escalate operator ticket customer account password lock sync mobile device handover incident capacity review'.split(
    ' ',
  );
const sentence = (n) => {
  const w = Array.from({ length: n }, () => pick(words));
  return `${w[0][0].toUpperCase()}${w[0].slice(1)} ${w.slice(1).join(' ')}.`;
};
const services = ['mailbox', 'mta', 'proxy', 'directory', 'storage', 'dns', 'monitoring', 'webmail', 'antispam', 'provisioning', 'backup', 'network'];
const people = Array.from({ length: 24 }, (_, i) => `p${String(i).padStart(2, '0')}`);
const categories = ['reliability', 'recoverability', 'serviceability', 'manageability'];
const commands = [
  'ssh "$HOST" \'su - zimbra -c "zmcontrol status"\'',
  'ssh "$HOST" \'postqueue -p | tail -n 1\'',
  'ldapsearch -x -H "ldap://$HOST" -b "" -s base namingContexts',
  'dig +short "$HOST"',
  'curl -fsS -o /dev/null -w "%{http_code}\\n" "https://$HOST/"',
  'ssh "$HOST" df -h /opt/zimbra/store',
  'ssh "$HOST" \'su - zimbra -c "zmprov gs $(hostname) zimbraServiceEnabled"\'',
  'openssl s_client -connect "$HOST:993" -brief </dev/null',
];

rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
const org = [
  'people:',
  ...people.map((p) => `  - { id: ${p}, name: Person ${p}, contact: { email: ${p}@example.net } }`),
  'teams:',
  '  - id: noc',
  '    name: Network Operations Center',
  '    tier: I',
  `    members: [${people.slice(0, 6).join(', ')}]`,
  '    contact: { email: noc@example.net }',
  '    coverage:',
  '      - { days: [mon, tue, wed, thu, fri, sat, sun], from: "00:00", to: "24:00", tz: UTC }',
  '  - id: ops',
  '    name: Operations',
  '    tier: II',
  `    members: [${people.slice(6, 16).join(', ')}]`,
  '    contact: { email: ops@example.net }',
  '    coverage:',
  '      - { days: [mon, tue, wed, thu, fri], from: "08:00", to: "18:00", tz: Europe/Berlin }',
  '  - id: eng',
  '    name: Engineering',
  '    tier: III',
  `    members: [${people.slice(16).join(', ')}]`,
  '    contact: { email: eng@example.net }',
  '    coverage:',
  '      - { days: [mon, tue, wed, thu, fri], from: "09:00", to: "17:00", tz: America/New_York }',
  'services:',
  ...services.map((s) => `  - { id: ${s}, name: Service ${s}, team: ops }`),
].join('\n');
writeFileSync(join(dir, 'org.yaml'), `${org}\n`);

for (let i = 0; i < N; i++) {
  const service = services[i % services.length];
  const id = `${service}-${pick(words)}-${pick(words)}-${i}`;
  const owner = pick(people);
  let backup = pick(people);
  if (backup === owner) backup = people[(people.indexOf(owner) + 1) % people.length];
  const steps = [];
  const count = 4 + Math.floor(rand() * 5);
  for (let s = 0; s < count; s++) {
    const manual = rand() < 0.25;
    const prose = `${sentence(12 + Math.floor(rand() * 10))} ${sentence(10 + Math.floor(rand() * 8))}`;
    if (manual) {
      steps.push(`<Step id="step-${s}" title="${sentence(5).slice(0, -1)}">\n${prose}\n</Step>`);
      continue;
    }
    const cmd = `${pick(commands)}\n${pick(commands)}`;
    steps.push(
      `<Step id="step-${s}" title="${sentence(5).slice(0, -1)}"${rand() < 0.3 ? ' confirm' : ''}>\n${prose}\n\n\`\`\`sh\n${cmd}\n\`\`\`\n\n<Verify>\n\`\`\`sh\n${pick(commands)}\n\`\`\`\n</Verify>\n</Step>`,
    );
  }
  const text = `---
id: ${id}
title: ${sentence(6).slice(0, -1)} (${i})
summary: ${sentence(14)} ${sentence(10)}
service: ${service}
category: ${pick(categories)}
tier: II
owner: ${owner}
backup_owner: ${backup}
escalation:
  - { team: noc }
  - { team: ops, after: 15m }
  - { team: eng, after: 45m }
review: { last_reviewed: 2026-10-${String(1 + (i % 28)).padStart(2, '0')}, interval: 180d }
parameters:
  - { name: HOST, description: Host to act on, default: ${service}1.example.net, pattern: '^[a-z0-9.-]+$' }
tags: [${service}, topic-${pick(words)}]
---

## When to use

${sentence(20)} ${sentence(16)}

- ${sentence(8)}
- ${sentence(8)}

${steps.join('\n\n')}
`;
  mkdirSync(join(dir, service), { recursive: true });
  writeFileSync(join(dir, service, `${id}.mdx`), text);
}
console.log(`wrote ${N} runbooks and org.yaml to ${dir}`);
