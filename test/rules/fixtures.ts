// Build a throw-away catalog folder from a rule fixture: the fixture's runbook as
// mailbox/<name>.mdx, with the shared org file (or the fixture's own bad-org.yaml), and
// for the bad case the catalog options in the fixture's options.json, if it has one.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCatalog } from '../../src/catalog.ts';
import type { CatalogOptions } from '../../src/files.ts';
import type { Diagnostic } from '../../src/model.ts';

export const RULE_FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'rules');
export const TODAY = new Date('2026-11-24T12:00:00Z');

export function ruleFixtureIds(): string[] {
  return readdirSync(RULE_FIXTURES).sort();
}

/** Diagnostics of one case (`bad` or `good`) of a rule fixture, paths relative to the temp folder. */
export async function runFixture(rule: string, which: 'bad' | 'good'): Promise<Diagnostic[]> {
  const src = join(RULE_FIXTURES, rule);
  const dir = mkdtempSync(join(tmpdir(), `opsbook-${rule}-`));
  mkdirSync(join(dir, 'runbooks', 'mailbox'), { recursive: true });
  cpSync(join(src, `${which}.mdx`), join(dir, 'runbooks', 'mailbox', `${which}.mdx`));
  if (which === 'bad' && existsSync(join(src, 'other.mdx'))) cpSync(join(src, 'other.mdx'), join(dir, 'runbooks', 'mailbox', 'other.mdx'));
  const org = which === 'bad' && existsSync(join(src, 'bad-org.yaml')) ? join(src, 'bad-org.yaml') : join(RULE_FIXTURES, '..', 'org.yaml');
  if (!(rule === 'org-missing' && which === 'bad')) cpSync(org, join(dir, 'runbooks', 'org.yaml'));
  const options =
    which === 'bad' && existsSync(join(src, 'options.json')) ? (JSON.parse(readFileSync(join(src, 'options.json'), 'utf8')) as CatalogOptions) : {};
  // A fleet rule's inventory: inventory.yaml beside org.yaml (bad-inventory.ini, given with `--inventory`, for the bad case).
  if (existsSync(join(src, 'inventory.yaml'))) cpSync(join(src, 'inventory.yaml'), join(dir, 'runbooks', 'inventory.yaml'));
  const badInventory = which === 'bad' && existsSync(join(src, 'bad-inventory.ini')) ? join(src, 'bad-inventory.ini') : undefined;
  if (badInventory) cpSync(badInventory, join(dir, 'runbooks', 'bad-inventory.ini'));
  // A search synonyms rule's file: synonyms.yaml beside org.yaml (bad-synonyms.yaml there for the bad case).
  const synonyms = which === 'bad' && existsSync(join(src, 'bad-synonyms.yaml')) ? join(src, 'bad-synonyms.yaml') : join(src, 'synonyms.yaml');
  if (existsSync(synonyms)) cpSync(synonyms, join(dir, 'runbooks', 'synonyms.yaml'));
  const catalog = await loadCatalog('runbooks', { ...options, cwd: dir, now: TODAY, ...(badInventory ? { inventory: 'runbooks/bad-inventory.ini' } : {}) });
  return catalog.diagnostics;
}
