// `opsbook build`: refuses a manual with errors and keeps the previous build; builds to a
// folder anywhere; every link in the output is relative.
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { opsbook, workspace } from '../cli/run-cli.ts';

describe('opsbook build', () => {
  it('builds outside the package, with relative links only, and keeps the old build when check fails', () => {
    const dir = workspace();
    const out = join(mkdtempSync(join(tmpdir(), 'opsbook-out-')), 'manual');
    const ok = opsbook(['build', '--out', out], { cwd: dir });
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    const home = readFileSync(join(out, 'index.html'), 'utf8');
    expect(home).not.toMatch(/(?:href|src)="\/(?!\/)/);
    // From disk (file://) a folder is a listing and a module script is blocked: neither is used.
    expect(home).toContain('href="./runbooks/index.html"');
    expect(home).not.toMatch(/<script type="module" src=/);
    // The workspace is not a git checkout: the pages say there is no commit.
    expect(home).toContain('(not from a git checkout, so no commit)');
    // The search manifest names exactly the shards written, and every runbook.
    const manifest = JSON.parse(readFileSync(join(out, 'search', 'docs.json'), 'utf8')) as { shards: string[]; docs: { id: string }[] };
    const files = readdirSync(join(out, 'search'))
      .filter((f) => /^[a-z0-9_]{2}\.json$/.test(f))
      .map((f) => f.slice(0, 2));
    expect(manifest.shards.length).toBeGreaterThan(0);
    expect(manifest.shards).toEqual(files.sort());
    expect(manifest.docs.length).toBe(readdirSync(join(out, 'runbooks'), { withFileTypes: true }).filter((e) => e.isDirectory()).length);
    expect(existsSync(join(out, 'search', 'terms.json'))).toBe(true);
    writeFileSync(join(dir, 'runbooks', 'broken.mdx'), '---\nid: Broken\n---\n');
    const refused = opsbook(['build', '--out', out], { cwd: dir });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('not built');
    expect(readFileSync(join(out, 'index.html'), 'utf8')).toBe(home);
  });
});
