// The README is the user's guide: it documents every rule, and its example runbook is valid.
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog.ts';
import { RULES } from '../../src/rules/registry.ts';
import { FIXTURES } from './run-cli.ts';

const README = readFileSync(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');

describe('README', () => {
  it('lists every rule with its severity', () => {
    for (const rule of RULES) expect(README, rule.id).toContain(`| \`${rule.id}\` | ${rule.severity} |`);
  });

  it('shows an example runbook that passes check', async () => {
    const example = /````mdx\n([\s\S]*?)````/.exec(README.slice(README.indexOf('## Writing a runbook')))![1];
    const dir = mkdtempSync(join(tmpdir(), 'opsbook-readme-'));
    mkdirSync(join(dir, 'runbooks', 'mailbox'), { recursive: true });
    cpSync(join(FIXTURES, 'org.yaml'), join(dir, 'runbooks', 'org.yaml'));
    writeFileSync(join(dir, 'runbooks', 'mailbox', 'restart-mailbox.mdx'), example);
    const catalog = await loadCatalog('runbooks', { cwd: dir, now: new Date('2026-11-24T00:00:00Z') });
    expect(catalog.diagnostics).toEqual([]);
    expect(catalog.runbooks[0].steps.map((s) => s.id)).toEqual(['restart', 'tell-noc']);
  });
});
