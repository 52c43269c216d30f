// A workspace with the rule fixtures' org file and runbooks written by the test.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { FIXTURES } from '../cli/run-cli.ts';

export function runWorkspace(runbooks: Record<string, string>): { dir: string; out: string; logs: string } {
  const dir = mkdtempSync(join(tmpdir(), 'opsbook-run-'));
  mkdirSync(join(dir, 'runbooks', 'mailbox'), { recursive: true });
  // The OS user running the tests is Matt Berg (Tier II), as `usernames` maps it.
  const org = readFileSync(join(FIXTURES, 'org.yaml'), 'utf8').replace('usernames: [mberg]', `usernames: [mberg, ${userInfo().username}]`);
  writeFileSync(join(dir, 'runbooks', 'org.yaml'), org);
  for (const [name, body] of Object.entries(runbooks)) writeFileSync(join(dir, 'runbooks', 'mailbox', `${name}.mdx`), body);
  const out = join(dir, 'out');
  mkdirSync(out);
  return { dir, out, logs: join(dir, 'logs') };
}

/** A valid runbook with the given parameters (YAML flow lines) and body. */
export function runbook(id: string, params: string[], body: string, tier = 'II'): string {
  return `---
id: ${id}
title: Test ${id}
summary: A runbook written by a test.
service: mailbox
category: reliability
tier: ${tier}
owner: mberg
backup_owner: akhan
escalation:
  - { team: messaging-ops }
  - { team: messaging-eng, after: 30m }
review: { last_reviewed: 2026-10-01, interval: 180d }
parameters:
${params.length ? params.map((p) => `  - ${p}`).join('\n') : '  []'}
tags: [test]
---

${body}
`;
}

export function sh(code: string): string {
  return '```sh\n' + code + '\n```';
}
