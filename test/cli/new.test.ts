// `opsbook new <service>/<slug>` writes a runbook that passes check, and never overwrites.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { opsbook, workspace } from './run-cli.ts';

describe('opsbook new', () => {
  it('scaffolds a runbook filled from org.yaml that passes check', () => {
    const dir = workspace();
    const r = opsbook(['new', 'mta/flush-queue', '--title', 'Flush the deferred queue'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Created runbooks/mta/flush-queue.mdx');
    const text = readFileSync(join(dir, 'runbooks', 'mta', 'flush-queue.mdx'), 'utf8');
    expect(text).toContain('id: flush-queue');
    expect(text).toContain('title: "Flush the deferred queue"');
    expect(text).toContain('owner: mberg');
    expect(text).toContain('backup_owner: akhan');
    expect(text).toContain('# yaml-language-server: $schema=../../schemas/runbook.schema.json');
    const check = opsbook(['check'], { cwd: dir });
    expect(check.stdout).toBe('✔ 3 files checked, no problems\n');
    expect(check.status).toBe(0);
  });

  it('refuses to overwrite an existing file and leaves it as it was', () => {
    const dir = workspace();
    const file = join(dir, 'runbooks', 'mta', 'flush-queue.mdx');
    expect(opsbook(['new', 'mta/flush-queue'], { cwd: dir }).status).toBe(0);
    writeFileSync(file, 'my edits');
    const again = opsbook(['new', 'mta/flush-queue'], { cwd: dir });
    expect(again.status).toBe(2);
    expect(again.stderr).toContain('exists already');
    expect(readFileSync(file, 'utf8')).toBe('my edits');
  });

  it('refuses an unknown service, a bad slug, and an id already taken', () => {
    const dir = workspace();
    const unknown = opsbook(['new', 'mailstore/x'], { cwd: dir });
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('Unknown service `mailstore`; expected one of `mailbox`, `mta`');
    expect(opsbook(['new', 'mta/Bad_Slug'], { cwd: dir }).stderr).toContain('not kebab-case');
    expect(opsbook(['new', 'mta/restart-mailbox'], { cwd: dir }).stderr).toContain('A runbook with id `restart-mailbox` exists already');
    expect(opsbook(['new'], { cwd: dir }).status).toBe(2);
  });
});
