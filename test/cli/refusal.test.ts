// A command that refuses a manual because of its org file shows the org file's errors: never
// "no problems" beside "it has errors".
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { opsbook, workspace } from './run-cli.ts';

describe('opsbook run on a manual whose org file does not parse', () => {
  it('refuses, showing the org file’s error', () => {
    const dir = workspace();
    writeFileSync(join(dir, 'runbooks', 'org.yaml'), 'people: [\n');
    const r = opsbook(['run', 'restart-mailbox', '--dry-run', '--log-dir', join(dir, 'logs')], { cwd: dir });
    expect(r.status).toBe(1);
    expect(r.stderr).not.toContain('no problems');
    expect(r.stderr).toMatch(/^runbooks\/org\.yaml:\d+:\d+ +error .* yaml-syntax$/m);
    expect(r.stderr).toContain('opsbook run: refusing to run runbooks/mailbox/restart-mailbox.mdx: it has errors');
  });
});
