// `opsbook check <file>` on the files beside the runbooks: the org file, the synonyms and the
// inventory are checked as what they are (as a pre-commit hook names changed files), and
// counted among the files checked.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { opsbook, workspace } from './run-cli.ts';

const TODAY = ['--today', '2026-11-24'];

function withCompanions(): string {
  const dir = workspace();
  writeFileSync(join(dir, 'runbooks', 'synonyms.yaml'), 'synonyms:\n  - [bounce, ndr]\n');
  writeFileSync(join(dir, 'runbooks', 'inventory.yaml'), 'all:\n  children:\n    stores:\n      hosts:\n        mbx01.example.net:\n');
  return dir;
}

describe('opsbook check on the org file and the files beside it', () => {
  it('checks a named org.yaml as the org file, not as a runbook', () => {
    const dir = workspace();
    const clean = opsbook(['check', 'runbooks/org.yaml', ...TODAY], { cwd: dir });
    expect(clean.stdout).toBe('✔ 1 file checked, no problems\n');
    expect(clean.status).toBe(0);
    const org = join(dir, 'runbooks', 'org.yaml');
    writeFileSync(org, readFileSync(org, 'utf8').replace('members: [lwu, pdiaz]', 'members: [lwu, nobody]'));
    const broken = opsbook(['check', 'runbooks/org.yaml', '--format', 'json', ...TODAY], { cwd: dir });
    expect(broken.status).toBe(1);
    const json = JSON.parse(broken.stdout);
    expect(json.files).toEqual(['runbooks/org.yaml']);
    expect(json.diagnostics.map((d: { path: string; ruleId: string }) => `${d.path} ${d.ruleId}`)).toEqual(['runbooks/org.yaml team-member-unknown']);
  });

  it('counts and lists the synonyms and the inventory among the files checked', () => {
    const dir = withCompanions();
    const json = JSON.parse(opsbook(['check', '--json', ...TODAY], { cwd: dir }).stdout);
    expect(json.files).toEqual(['runbooks/inventory.yaml', 'runbooks/mailbox/restart-mailbox.mdx', 'runbooks/org.yaml', 'runbooks/synonyms.yaml']);
    expect(opsbook(['check', ...TODAY], { cwd: dir }).stdout).toBe('✔ 4 files checked, no problems\n');
  });

  it('checks a named synonyms.yaml or inventory with the org file beside it', () => {
    const dir = withCompanions();
    const inventory = opsbook(['check', 'runbooks/inventory.yaml', ...TODAY], { cwd: dir });
    expect(inventory.stdout).toBe('✔ 3 files checked, no problems\n');
    expect(inventory.status).toBe(0);
    writeFileSync(join(dir, 'runbooks', 'synonyms.yaml'), 'synonyms:\n  - [bounce, ndr]\n  - [lonely]\n');
    const synonyms = opsbook(['check', 'runbooks/synonyms.yaml', ...TODAY], { cwd: dir });
    expect(synonyms.status).toBe(1);
    expect(synonyms.stdout).toMatch(/^runbooks\/synonyms\.yaml:3:\d+ +error .* synonym-group-small$/m);
    expect(synonyms.stdout).not.toContain('frontmatter-missing');
  });

  it('refuses a YAML file that is none of them, saying what it takes', () => {
    const dir = workspace();
    writeFileSync(join(dir, 'runbooks', 'notes.yaml'), 'a: 1\n');
    const r = opsbook(['check', 'runbooks/notes.yaml', ...TODAY], { cwd: dir });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(
      '`runbooks/notes.yaml` is not a runbook (*.mdx), nor the org file, synonyms or inventory of runbooks/org.yaml; name a runbook, a folder, or one of those files',
    );
  });
});
