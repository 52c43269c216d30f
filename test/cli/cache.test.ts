// The check cache reuses what was found in unchanged files, and never a stale finding.
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
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
