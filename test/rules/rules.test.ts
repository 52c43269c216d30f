// Every rule has a fixture folder with a bad and a good case; the bad case gives exactly
// the diagnostics in expected.txt (path:line:col rule-id message, the temp folder written
// `<tmp>`), the good case none: a changed message or position fails here.
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../src/rules/registry.ts';
import { RULE_FIXTURES, ruleFixtureIds, runFixture } from './fixtures.ts';

const TMP = new RegExp(`${join(tmpdir(), 'opsbook-').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[^/]+/`, 'g');
const format = (d: { path: string; line: number; column: number; ruleId: string; message: string }) =>
  `${d.path.replace('runbooks/', '')}:${d.line}:${d.column} ${d.ruleId} ${d.message.replace(TMP, '<tmp>/')}`;

describe('rule fixtures', () => {
  it('has a fixture folder for every registered rule', () => {
    const fixtures = new Set(ruleFixtureIds());
    const missing = RULES.map((r) => r.id).filter((id) => !fixtures.has(id));
    expect(missing).toEqual([]);
    expect([...fixtures].filter((id) => !RULES.some((r) => r.id === id))).toEqual([]);
  });

  for (const id of ruleFixtureIds()) {
    it(`reports \`${id}\` at the expected positions with the expected messages, and nothing on the good case`, async () => {
      const expected = readFileSync(join(RULE_FIXTURES, id, 'expected.txt'), 'utf8')
        .trim()
        .split('\n');
      const bad = await runFixture(id, 'bad');
      expect(bad.map(format)).toEqual(expected);
      expect(bad.some((d) => d.ruleId === id)).toBe(true);
      for (const d of bad) {
        expect(d.message.length).toBeGreaterThan(10);
        expect(d.hint?.length ?? 0).toBeGreaterThan(5);
        expect(d.severity).toBe(RULES.find((r) => r.id === d.ruleId)!.severity);
      }
      expect(await runFixture(id, 'good')).toEqual([]);
    });
  }
});

describe('messages say what was found and what was expected', () => {
  const message = async (id: string) => (await runFixture(id, 'bad')).find((d) => d.ruleId === id)!.message;

  it('names the unknown owner and suggests real ids', async () => {
    expect(await message('owner-unknown')).toBe('Unknown owner `nobody`; expected a person id from runbooks/org.yaml (e.g. `mberg`, `akhan`, `lwu`)');
  });
  it('names the unknown key and lists the allowed ones', async () => {
    expect(await message('schema-unknown-key')).toMatch(/^Unknown key `owners` in the front-matter; expected one of `id`, `title`, .*`owner`, `backup_owner`/);
  });
  it('names the bad enum value and the allowed values', async () => {
    expect(await message('schema-enum')).toBe('`category` is `relability`; expected one of `reliability`, `recoverability`, `serviceability`, `manageability`');
  });
  it('reports a duplicate runbook id on every file that has it, naming the other one', async () => {
    const found = (await runFixture('runbook-duplicate-id', 'bad')).map((d) => [d.path, d.message]);
    expect(found).toEqual([
      ['runbooks/mailbox/bad.mdx', 'Runbook id `restart-mailbox` is also used by runbooks/mailbox/other.mdx'],
      ['runbooks/mailbox/other.mdx', 'Runbook id `restart-mailbox` is also used by runbooks/mailbox/bad.mdx'],
    ]);
  });
  it('names the repeated YAML key', async () => {
    expect(await message('yaml-duplicate-key')).toContain('key `tier` appears twice');
  });
  it('names the undeclared variable and the declared parameters', async () => {
    expect(await message('script-undeclared-var')).toContain('reads `$HSOT`, which is not a parameter of this runbook (`HOST`, `ADMIN_TOKEN`)');
  });
});
