// The manual's own synonyms: a word of a group finds the runbooks that use another word of it,
// in `opsbook search` as in the site's index; a bad file is a positioned finding of `check`.
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSynonyms } from '../../src/search/synonyms.ts';
import { opsbook } from '../cli/run-cli.ts';

const ROOT = join(import.meta.dirname, '..', '..');

/** A copy of the bundled manual with `synonyms` as its synonyms file. */
function manualWith(synonyms: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'opsbook-synonyms-'));
  cpSync(join(ROOT, 'runbooks'), join(dir, 'runbooks'), { recursive: true });
  writeFileSync(join(dir, 'runbooks', 'synonyms.yaml'), synonyms);
  return dir;
}

describe('synonyms.yaml', () => {
  it('makes `opsbook search` find a runbook by a word only the synonyms file names', () => {
    const dir = manualWith('synonyms:\n  - [snapmirror, zorblax]\n');
    const found = opsbook(['search', 'zorblax', '--json'], { cwd: dir });
    expect(found.status).toBe(0);
    const ids = (JSON.parse(found.stdout) as { id: string }[]).map((h) => h.id);
    expect(ids).toContain('mail-site-failover');
    const without = manualWith('synonyms:\n  - [bounce, ndr]\n');
    expect(opsbook(['search', 'zorblax'], { cwd: without }).status).toBe(1);
  });

  it('is checked by `opsbook check`: a word that is not one word is a finding at its line', () => {
    const dir = manualWith('synonyms:\n  - [bounce, ndr]\n  - [black list, blocklist]\n');
    const r = opsbook(['check'], { cwd: dir });
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(
      /runbooks\/synonyms\.yaml:3:6 +error +`synonyms\.1\.0` is `black list`, which does not match `\^\[a-z0-9\]\+\$` \(e\.g\. `ndr`\) +schema-pattern/,
    );
  });

  it('keeps the good groups of a file with a bad one', () => {
    const { groups, messages } = parseSynonyms('synonyms:\n  - [bounce, ndr]\n  - [ndr, returned]\n  - [lonely]\n');
    expect(groups).toEqual([['bounce', 'ndr']]);
    expect(messages.map((m) => m.ruleId)).toEqual(['synonym-duplicate', 'synonym-group-small']);
  });
});
