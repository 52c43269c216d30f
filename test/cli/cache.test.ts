// The check cache reuses what was found in unchanged files, and never a stale finding.
import { chmodSync, cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildCatalog } from '../../src/catalog.ts';
import { CheckCache, memoise } from '../../src/check-cache.ts';
import { checkRunbookBytes, type CheckBytes } from '../../src/check-file.ts';
import { sourceFingerprint } from '../../src/fingerprint.js';
import { PACKAGE_ROOT } from '../../src/package-root.ts';
import { opsbook, workspace } from './run-cli.ts';

const TODAY = ['--today', '2026-11-24'];
const RUNBOOK = ['runbooks', 'mailbox', 'restart-mailbox.mdx'];

describe('check cache', () => {
  it('gives the same findings on a second run, from the cache', () => {
    const dir = workspace();
    const file = join(dir, ...RUNBOOK);
    writeFileSync(file, readFileSync(file, 'utf8').replace('owner: mberg', 'owner: nobody'));
    const first = opsbook(['check', ...TODAY], { cwd: dir });
    expect(existsSync(join(dir, '.opsbook', 'cache', 'check.json'))).toBe(true);
    const second = opsbook(['check', ...TODAY], { cwd: dir });
    expect(second).toEqual(first);
    expect(second.status).toBe(1);
  });

  it('re-checks a file whose bytes changed', () => {
    const dir = workspace();
    expect(opsbook(['check', ...TODAY], { cwd: dir }).status).toBe(0);
    const file = join(dir, ...RUNBOOK);
    writeFileSync(file, readFileSync(file, 'utf8').replace('owner: mberg', 'owner: nobody'));
    const r = opsbook(['check', ...TODAY], { cwd: dir });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('owner-unknown');
  });

  it('re-checks every file when org.yaml changes', () => {
    const dir = workspace();
    expect(opsbook(['check', ...TODAY], { cwd: dir }).status).toBe(0);
    const org = join(dir, 'runbooks', 'org.yaml');
    writeFileSync(org, readFileSync(org, 'utf8').replace('{ id: mberg, name: Matt Berg', '{ id: mberg, name: Matt Berg, active: false'));
    const r = opsbook(['check', ...TODAY], { cwd: dir });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('owner-inactive');
  });

  it('re-checks when the day changes (reviews fall due)', () => {
    const dir = workspace();
    expect(opsbook(['check', ...TODAY], { cwd: dir }).stdout).not.toContain('review-overdue');
    expect(opsbook(['check', '--today', '2027-03-01'], { cwd: dir }).stdout).toContain('review-overdue');
  });

  it('re-checks a file whose cache entry is damaged, instead of failing', () => {
    const dir = workspace();
    expect(opsbook(['check', ...TODAY], { cwd: dir }).status).toBe(0);
    const cacheFile = join(dir, '.opsbook', 'cache', 'check.json');
    const data = JSON.parse(readFileSync(cacheFile, 'utf8')) as { entries: Record<string, { header?: unknown }> };
    for (const entry of Object.values(data.entries)) delete entry.header;
    writeFileSync(cacheFile, JSON.stringify(data));
    const r = opsbook(['check', ...TODAY], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('✔ 2 files checked, no problems\n');
  });

  it('writes nothing with --no-cache, and works where the cache cannot be written', () => {
    const dir = workspace();
    expect(opsbook(['check', '--no-cache', ...TODAY], { cwd: dir }).status).toBe(0);
    expect(existsSync(join(dir, '.opsbook'))).toBe(false);
    mkdirSync(join(dir, '.opsbook'));
    writeFileSync(join(dir, '.opsbook', 'cache'), 'not a folder');
    chmodSync(join(dir, '.opsbook', 'cache'), 0o444);
    const r = opsbook(['check', ...TODAY], { cwd: dir });
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
  });
});

describe('check cache hits', () => {
  it('parses a file once: a second pipeline over unchanged bytes asks the cache, not the parser', () => {
    const dir = workspace();
    const runbook = join(dir, ...RUNBOOK);
    const org = join(dir, 'runbooks', 'org.yaml');
    const cacheFile = join(dir, '.opsbook', 'cache', 'check.json');
    const now = new Date('2026-11-24T12:00:00Z');
    let parses = 0;
    const counted: CheckBytes = (...args) => {
      parses++;
      return checkRunbookBytes(...args);
    };
    const pass = () => {
      const cache = CheckCache.open(cacheFile);
      const key = CheckCache.key(readFileSync(org), '2026-11-24');
      if (key === undefined) throw new Error('no cache key: this installation cannot keep its secret');
      const catalog = buildCatalog(join(dir, 'runbooks'), [runbook], org, { cwd: dir, now }, memoise(counted, cache, key));
      cache.save();
      return catalog.diagnostics;
    };
    writeFileSync(runbook, readFileSync(runbook, 'utf8').replace('owner: mberg', 'owner: nobody'));
    const first = pass();
    expect(parses).toBe(1);
    expect(pass()).toEqual(first);
    expect(parses).toBe(1);
    writeFileSync(runbook, readFileSync(runbook, 'utf8').replace('owner: nobody', 'owner: mberg'));
    expect(pass()).toEqual([]);
    expect(parses).toBe(2);
  });

  it('answers `opsbook check` from the cache file: what it holds is what is reported', () => {
    const dir = workspace();
    const file = join(dir, ...RUNBOOK);
    writeFileSync(file, readFileSync(file, 'utf8').replace('owner: mberg', 'owner: nobody'));
    expect(opsbook(['check', ...TODAY], { cwd: dir }).stdout).toContain('Unknown owner `nobody`');
    const cacheFile = join(dir, '.opsbook', 'cache', 'check.json');
    writeFileSync(cacheFile, readFileSync(cacheFile, 'utf8').replace('Unknown owner `nobody`', 'Cached owner `nobody`'));
    const r = opsbook(['check', ...TODAY], { cwd: dir });
    expect(r.stdout).toContain('Cached owner `nobody`');
    expect(opsbook(['check', '--no-cache', ...TODAY], { cwd: dir }).stdout).toContain('Unknown owner `nobody`');
  });

  it('keeps what it found in each folder of one check, each with its own org file', () => {
    const dir = workspace();
    const file = join(dir, ...RUNBOOK);
    writeFileSync(file, readFileSync(file, 'utf8').replace('owner: mberg', 'owner: nobody'));
    cpSync(join(dir, 'runbooks'), join(dir, 'other'), { recursive: true });
    const otherOrg = join(dir, 'other', 'org.yaml');
    writeFileSync(otherOrg, readFileSync(otherOrg, 'utf8').replace('name: Matt Berg', 'name: Matt Berg II'));
    expect(opsbook(['check', 'runbooks', 'other', ...TODAY], { cwd: dir }).stdout).toContain('in 2 files (4 checked)');
    const cacheFile = join(dir, '.opsbook', 'cache', 'check.json');
    writeFileSync(cacheFile, readFileSync(cacheFile, 'utf8').replaceAll('Unknown owner `nobody`', 'Cached owner `nobody`'));
    const r = opsbook(['check', 'runbooks', 'other', ...TODAY], { cwd: dir });
    expect(r.stdout).not.toContain('Unknown owner');
    expect(r.stdout.match(/Cached owner `nobody`/g)).toHaveLength(2);
  });

  it('re-checks a fleet step when the inventory it is checked against changes', () => {
    const dir = workspace();
    writeFileSync(join(dir, 'runbooks', 'inventory.yaml'), 'all:\n  children:\n    stores:\n      hosts:\n        mbx01.example.net:\n');
    const file = join(dir, ...RUNBOOK);
    const fleet = '\n<Step id="look" title="Look at each store" hosts="@stores">\n```sh\nuptime\n```\n</Step>\n';
    writeFileSync(file, `${readFileSync(file, 'utf8')}${fleet}`);
    expect(opsbook(['check', ...TODAY], { cwd: dir }).stdout).toContain('no problems');
    writeFileSync(join(dir, 'runbooks', 'inventory.yaml'), 'all:\n  children:\n    proxies:\n      hosts:\n        prx01.example.net:\n');
    const cached = opsbook(['check', ...TODAY], { cwd: dir });
    expect(cached.stdout).toBe(opsbook(['check', '--no-cache', ...TODAY], { cwd: dir }).stdout);
    expect(cached.stdout).toContain('`@stores`');
  });

  it('does not believe a cache file made elsewhere, such as one committed with a runbook', () => {
    const dir = workspace();
    const file = join(dir, ...RUNBOOK);
    const broken = readFileSync(file, 'utf8').replace('owner: mberg', 'owner: nobody');
    writeFileSync(file, broken);
    // What anyone can compute from opsbook's source, the org file and the day, without this machine.
    const key = createHash('sha256')
      .update(sourceFingerprint(PACKAGE_ROOT))
      .update(readFileSync(join(dir, 'runbooks', 'org.yaml')))
      .update('2026-11-24')
      .digest('hex');
    const hash = createHash('sha256').update(broken).digest('hex');
    const meta = { id: 'restart-mailbox', owner: 'mberg', backup_owner: 'akhan' };
    const entry = { key, hash, diagnostics: [], header: { path: 'runbooks/mailbox/restart-mailbox.mdx', meta, positions: [] } };
    mkdirSync(join(dir, '.opsbook', 'cache'), { recursive: true });
    const forged = { key, entries: { 'runbooks/mailbox/restart-mailbox.mdx': entry } };
    writeFileSync(join(dir, '.opsbook', 'cache', 'check.json'), JSON.stringify(forged));
    const r = opsbook(['check', ...TODAY], { cwd: dir });
    expect(r.stdout).toContain('Unknown owner `nobody`');
    expect(r.status).toBe(1);
  });
});
