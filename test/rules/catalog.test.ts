// The one check pipeline: `check` and the catalog (build, run, search, audit) read the same
// files, count them the same, and a runbook is valid exactly when no error names its file.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog.ts';
import { opsbook, workspace } from '../cli/run-cli.ts';
import { TODAY } from './fixtures.ts';

const VALID = join('runbooks', 'mailbox', 'restart-mailbox.mdx');

function withRunbooks(variants: Record<string, (text: string) => string>): string {
  const dir = workspace();
  const text = readFileSync(join(dir, VALID), 'utf8');
  for (const [name, change] of Object.entries(variants)) writeFileSync(join(dir, 'runbooks', 'mailbox', `${name}.mdx`), change(text));
  return dir;
}

describe('the check pipeline', () => {
  it('counts the runbooks and the org file, in `check` and in the catalog alike', async () => {
    const dir = workspace();
    const catalog = await loadCatalog('runbooks', { cwd: dir, now: TODAY });
    expect(catalog.files).toEqual(['runbooks/mailbox/restart-mailbox.mdx', 'runbooks/org.yaml']);
    const json = JSON.parse(opsbook(['check', '--json', '--today', '2026-11-24'], { cwd: dir }).stdout);
    expect(json.files).toEqual(catalog.files);
    expect(json.summary.files).toBe(2);
    expect(opsbook(['check', '--today', '2026-11-24'], { cwd: dir }).stdout).toBe('✔ 2 files checked, no problems\n');
  });

  it('marks a runbook valid exactly when no error names its file (warnings and other files do not count)', async () => {
    const dir = withRunbooks({
      'a-overdue': (t) => t.replace('id: restart-mailbox', 'id: a-overdue').replace('last_reviewed: 2026-09-14', 'last_reviewed: 2025-01-10'),
      'b-unknown-owner': (t) => t.replace('id: restart-mailbox', 'id: b-unknown-owner').replace('owner: mberg', 'owner: nobody'),
      'c-same-id': (t) => t,
      'd-bad-yaml': (t) => t.replace('tier: II', 'tier: [II'),
    });
    const catalog = await loadCatalog('runbooks', { cwd: dir, now: TODAY });
    const valid = Object.fromEntries(catalog.runbooks.map((r) => [r.path.replace('runbooks/mailbox/', ''), r.valid]));
    expect(valid).toEqual({
      'a-overdue.mdx': true,
      'b-unknown-owner.mdx': false,
      'c-same-id.mdx': false,
      'd-bad-yaml.mdx': false,
      'restart-mailbox.mdx': false,
    });
    expect(catalog.diagnostics.find((d) => d.path.endsWith('a-overdue.mdx'))?.ruleId).toBe('review-overdue');
    for (const runbook of catalog.runbooks) {
      expect(runbook.valid, runbook.path).toBe(!catalog.diagnostics.some((d) => d.path === runbook.path && d.severity === 'error'));
    }
  });
});

describe('a duplicate runbook id', () => {
  it('is reported on every file that has it, each naming the others', async () => {
    const dir = withRunbooks({ 'a-copy': (t) => t, 'z-copy': (t) => t });
    const catalog = await loadCatalog('runbooks', { cwd: dir, now: TODAY });
    expect(catalog.diagnostics.map((d) => [d.path, d.line, d.ruleId, d.message])).toEqual([
      [
        'runbooks/mailbox/a-copy.mdx',
        2,
        'runbook-duplicate-id',
        'Runbook id `restart-mailbox` is also used by runbooks/mailbox/restart-mailbox.mdx and runbooks/mailbox/z-copy.mdx',
      ],
      [
        'runbooks/mailbox/restart-mailbox.mdx',
        2,
        'runbook-duplicate-id',
        'Runbook id `restart-mailbox` is also used by runbooks/mailbox/a-copy.mdx and runbooks/mailbox/z-copy.mdx',
      ],
      [
        'runbooks/mailbox/z-copy.mdx',
        2,
        'runbook-duplicate-id',
        'Runbook id `restart-mailbox` is also used by runbooks/mailbox/a-copy.mdx and runbooks/mailbox/restart-mailbox.mdx',
      ],
    ]);
  });
});
