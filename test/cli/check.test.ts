// `opsbook check` as a child process: exit codes, text, JSON and SARIF output.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { opsbook, workspace } from './run-cli.ts';

const TODAY = ['--today', '2026-11-24'];

function brokenWorkspace(): string {
  const dir = workspace();
  const file = join(dir, 'runbooks', 'mailbox', 'restart-mailbox.mdx');
  writeFileSync(file, readFileSync(file, 'utf8').replace('owner: mberg', 'owner: nobody').replace('last_reviewed: 2026-09-14', 'last_reviewed: 2025-01-10'));
  return dir;
}

describe('opsbook check', () => {
  it('exits 0 and says so on a clean manual', () => {
    const r = opsbook(['check', ...TODAY], { cwd: workspace() });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('✔ 2 files checked, no problems\n');
    expect(r.status).toBe(0);
  });

  it('prints path:line:col, severity, message and rule id, the fix, and a summary; exits 1', () => {
    const r = opsbook(['check', ...TODAY], { cwd: brokenWorkspace() });
    expect(r.status).toBe(1);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe(
      'runbooks/mailbox/restart-mailbox.mdx:8:8    error    Unknown owner `nobody`; expected a person id from runbooks/org.yaml (e.g. `mberg`, `akhan`, `lwu`)  owner-unknown',
    );
    expect(lines[1]).toMatch(/^ {44}fix: Use a person id from the org file's `people`\.$/);
    expect(lines[2]).toMatch(/^runbooks\/mailbox\/restart-mailbox\.mdx:14:26 {2}warning {2}Review overdue since 2025-04-10 .* review-overdue$/);
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('✖ 1 error, 1 warning in 1 file (2 checked)');
    expect(r.stdout).not.toMatch(/\u001b\[/);
  });

  it('gives the same findings as JSON', () => {
    const r = opsbook(['check', '--format', 'json', ...TODAY], { cwd: brokenWorkspace() });
    expect(r.status).toBe(1);
    const json = JSON.parse(r.stdout);
    expect(json.summary).toEqual({ errors: 1, warnings: 1, filesWithFindings: 1, files: 2 });
    expect(json.diagnostics[0]).toMatchObject({ path: 'runbooks/mailbox/restart-mailbox.mdx', line: 8, column: 8, severity: 'error', ruleId: 'owner-unknown' });
    expect(json.files).toEqual(['runbooks/mailbox/restart-mailbox.mdx', 'runbooks/org.yaml']);
  });

  it('gives SARIF 2.1.0 with rules and regions for code scanning', () => {
    const r = opsbook(['check', '--format', 'sarif', ...TODAY], { cwd: brokenWorkspace() });
    expect(r.status).toBe(1);
    const sarif = JSON.parse(r.stdout);
    expect(sarif.version).toBe('2.1.0');
    const run = sarif.runs[0];
    expect(run.tool.driver.name).toBe('opsbook');
    expect(run.tool.driver.rules.map((rule: { id: string }) => rule.id)).toEqual(['owner-unknown', 'review-overdue']);
    expect(run.results[0]).toMatchObject({
      ruleId: 'owner-unknown',
      ruleIndex: 0,
      level: 'error',
      locations: [{ physicalLocation: { artifactLocation: { uri: 'runbooks/mailbox/restart-mailbox.mdx' }, region: { startLine: 8, startColumn: 8 } } }],
    });
  });

  it('allows warnings unless --max-warnings says otherwise', () => {
    const dir = workspace();
    expect(opsbook(['check', '--today', '2027-06-01'], { cwd: dir }).status).toBe(0);
    const strict = opsbook(['check', '--today', '2027-06-01', '--max-warnings', '0'], { cwd: dir });
    expect(strict.status).toBe(1);
    expect(strict.stdout).toContain('review-overdue');
  });

  it('checks single files with the nearest org.yaml above them', () => {
    const dir = brokenWorkspace();
    const r = opsbook(['check', 'runbooks/mailbox/restart-mailbox.mdx', ...TODAY], { cwd: dir });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('owner-unknown');
  });

  it('names all 50 broken runbooks of a manual in one run', () => {
    const dir = workspace();
    const source = readFileSync(join(dir, 'runbooks', 'mailbox', 'restart-mailbox.mdx'), 'utf8');
    for (let i = 0; i < 50; i++) {
      writeFileSync(
        join(dir, 'runbooks', 'mailbox', `broken-${i}.mdx`),
        source.replace('id: restart-mailbox', `id: broken-${i}`).replace('tier: II', i % 2 ? 'tier: IV' : 'tier: [II'),
      );
    }
    const r = opsbook(['check', '--format', 'json', ...TODAY], { cwd: dir });
    expect(r.status).toBe(1);
    const paths = new Set(JSON.parse(r.stdout).diagnostics.map((d: { path: string }) => d.path));
    for (let i = 0; i < 50; i++) expect(paths).toContain(`runbooks/mailbox/broken-${i}.mdx`);
  });

  it('never runs what a runbook would execute if evaluated', () => {
    const dir = workspace();
    const marker = join(dir, 'pwned');
    const file = join(dir, 'runbooks', 'mailbox', 'restart-mailbox.mdx');
    const text = readFileSync(file, 'utf8').replace(
      'Restarting takes about',
      `import { writeFileSync } from 'node:fs'\nexport const a = writeFileSync(${JSON.stringify(marker)}, 'esm')\n\n{require('node:fs').writeFileSync(${JSON.stringify(marker)}, 'expr')}\n\nRestarting takes about`,
    );
    writeFileSync(file, text.replace('timeout="10m"', `timeout={require('node:fs').writeFileSync(${JSON.stringify(marker)}, 'attr')}`));
    const r = opsbook(['check', '--format', 'json', ...TODAY], { cwd: dir });
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout).diagnostics.map((d: { ruleId: string }) => d.ruleId)).toEqual(['mdx-esm', 'mdx-expression', 'attribute-expression']);
    expect(existsSync(marker)).toBe(false);
  });

  it('reports an empty, a binary and a non-UTF-8 file by name and goes on with the others', () => {
    const dir = workspace();
    writeFileSync(join(dir, 'runbooks', 'mailbox', 'empty.mdx'), '');
    writeFileSync(join(dir, 'runbooks', 'mailbox', 'binary.mdx'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00]));
    writeFileSync(join(dir, 'runbooks', 'mailbox', 'latin1.mdx'), Buffer.from('---\nid: caf\xe9\n---\n', 'latin1'));
    const r = opsbook(['check', ...TODAY], { cwd: dir });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/runbooks\/mailbox\/binary\.mdx:3:1 +error +The file holds a NUL byte/);
    expect(r.stdout).toMatch(/runbooks\/mailbox\/empty\.mdx:1:1 +error +The file is empty/);
    expect(r.stdout).toMatch(/runbooks\/mailbox\/latin1\.mdx:2:8 +error +The file is not valid UTF-8/);
    expect(r.stdout).toContain('✖ 3 errors, 0 warnings in 3 files (5 checked)');
  });

  it('exits 0 on valid files of unusual shape: BOM and CRLF, non-Latin text, 4 MB', () => {
    const dir = workspace();
    const source = readFileSync(join(dir, 'runbooks', 'mailbox', 'restart-mailbox.mdx'), 'utf8');
    const variant = (id: string, text: string) => text.replace('id: restart-mailbox', `id: ${id}`);
    writeFileSync(join(dir, 'runbooks', 'mailbox', 'crlf.mdx'), `\uFEFF${variant('crlf', source).replace(/\n/g, '\r\n')}`);
    writeFileSync(
      join(dir, 'runbooks', 'mailbox', 'cyrillic.mdx'),
      variant('cyrillic', source).replace('Restarting takes about two minutes', 'Перезапуск занимает около двух минут; 再起動には約2分かかります'),
    );
    const paragraph = 'The store keeps its blobs on the primary volume; check the mirror state before any change. '.repeat(10);
    writeFileSync(
      join(dir, 'runbooks', 'mailbox', 'large.mdx'),
      variant('large', source).replace(
        'Restarting takes about two minutes;',
        `${Array(4_300).fill(paragraph).join('\n\n')}\n\nRestarting takes about two minutes;`,
      ),
    );
    const r = opsbook(['check', ...TODAY], { cwd: dir });
    expect(r.stdout).toBe('✔ 5 files checked, no problems\n');
    expect(r.status).toBe(0);
  });

  it('never hangs on a FIFO, a device or a link to one named *.mdx, nor on a FIFO org.yaml', () => {
    const dir = workspace();
    const mailbox = join(dir, 'runbooks', 'mailbox');
    execFileSync('mkfifo', [join(mailbox, 'pipe.mdx'), join(dir, 'fifo')]);
    symlinkSync('/dev/zero', join(mailbox, 'zero.mdx'));
    symlinkSync(join(dir, 'fifo'), join(mailbox, 'to-fifo.mdx'));
    const r = opsbook(['check', ...TODAY], { cwd: dir });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('');
    const lines = r.stdout.split('\n').map((l) => l.replace(/ {2,}/g, '  '));
    expect(lines).toContain(
      'runbooks/mailbox/pipe.mdx:1:1  error  The path is a named pipe (FIFO), not a regular file; opsbook reads only regular files  file-not-regular',
    );
    expect(lines).toContain(
      'runbooks/mailbox/zero.mdx:1:1  error  The path is a symbolic link to `/dev/zero`, which is a character device, not a regular file; opsbook reads only regular files  file-not-regular',
    );
    expect(lines).toContain(
      `runbooks/mailbox/to-fifo.mdx:1:1  error  The path is a symbolic link to \`${join(dir, 'fifo')}\`, which is a named pipe (FIFO), not a regular file; opsbook reads only regular files  file-not-regular`,
    );
    expect(r.stdout).toContain('✖ 3 errors, 0 warnings in 3 files (5 checked)');
    const single = opsbook(['check', 'runbooks/mailbox/pipe.mdx', ...TODAY], { cwd: dir });
    expect(single.status).toBe(1);
    expect(single.stdout).toContain('file-not-regular');
    const org = workspace();
    rmSync(join(org, 'runbooks', 'org.yaml'));
    execFileSync('mkfifo', [join(org, 'runbooks', 'org.yaml')]);
    const o = opsbook(['check', '--format', 'json', ...TODAY], { cwd: org });
    expect(o.status).toBe(1);
    expect(JSON.parse(o.stdout).diagnostics).toContainEqual(expect.objectContaining({ path: 'runbooks/org.yaml', ruleId: 'file-not-regular' }));
  });

  it('does not read a file over --max-file-size (default 10 MB) and says how large it is', () => {
    const dir = workspace();
    const big = join(dir, 'runbooks', 'mailbox', 'huge.mdx');
    writeFileSync(big, `---\nid: huge\n---\n${'x'.repeat(11 * 1024 * 1024)}\n`);
    const r = opsbook(['check', ...TODAY], { cwd: dir });
    expect(r.status).toBe(1);
    expect(r.stdout.replace(/ {2,}/g, '  ')).toContain(
      'runbooks/mailbox/huge.mdx:1:1  error  The file is 11 MB, over the limit of 10 MB; it was not read  file-too-large',
    );
    expect(r.stdout).toContain('✖ 1 error, 0 warnings in 1 file (3 checked)');
    expect(opsbook(['check', 'runbooks/mailbox/restart-mailbox.mdx', '--max-file-size', '1000', ...TODAY], { cwd: dir }).stdout).toContain(
      'The file is 1148 bytes, over the limit of 1000 bytes; it was not read',
    );
    expect(opsbook(['check', '--max-file-size', '12MB', ...TODAY], { cwd: dir }).stdout).not.toContain('file-too-large');
    const bad = opsbook(['check', '--max-file-size', 'ten'], { cwd: dir });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--max-file-size takes a size such as `10MB`');
  });

  it('gives audit, search and run the same protection: a FIFO runbook is a finding, not a hang', () => {
    const dir = workspace();
    execFileSync('mkfifo', [join(dir, 'runbooks', 'mailbox', 'pipe.mdx')]);
    symlinkSync(join(dir, 'runbooks', 'mailbox', 'pipe.mdx'), join(dir, 'runbooks', 'mailbox', 'to-pipe.mdx'));
    const audit = opsbook(['audit', '--json'], { cwd: dir });
    expect(audit.status, audit.stderr).not.toBeNull();
    const run = opsbook(['run', 'restart-mailbox', '--dry-run', '--operator', 'mberg'], { cwd: dir });
    expect(run.status, run.stderr).not.toBeNull();
    expect(opsbook(['search', 'restart'], { cwd: dir }).status).not.toBeNull();
  });

  it('shows control and bidi characters of file names and quoted values escaped, never raw', () => {
    const dir = workspace();
    const source = readFileSync(join(dir, 'runbooks', 'mailbox', 'restart-mailbox.mdx'), 'utf8');
    writeFileSync(join(dir, 'runbooks', 'mailbox', 'evil\u001b[2K\u202e.mdx'), source.replace('owner: mberg', 'owner: "no\\e[8mbody"'));
    const text = opsbook(['check', ...TODAY], { cwd: dir });
    expect(text.status).toBe(1);
    expect(text.stdout).not.toMatch(/[\u001b\u202e]/);
    expect(text.stdout).toContain('runbooks/mailbox/evil\\x1b[2K\\u202e.mdx:8:8');
    expect(text.stdout).toContain('Unknown owner `no\\x1b[8mbody`');
    expect(text.stdout).toContain('Runbook id `restart-mailbox` is also used by runbooks/mailbox/evil\\x1b[2K\\u202e.mdx');
    const json = opsbook(['check', '--format', 'json', ...TODAY], { cwd: dir });
    const messages: string[] = JSON.parse(json.stdout).diagnostics.map((d: { message: string }) => d.message);
    expect(messages.join('\n')).not.toMatch(/[\u001b\u202e]/);
    expect(messages).toContain('Runbook id `restart-mailbox` is also used by runbooks/mailbox/evil\\x1b[2K\\u202e.mdx');
    const sarif = JSON.parse(opsbook(['check', '--format', 'sarif', ...TODAY], { cwd: dir }).stdout);
    for (const result of sarif.runs[0].results) {
      expect(result.message.text).not.toMatch(/[\u001b\u202e]/);
      expect(result.locations[0].physicalLocation.artifactLocation.uri).not.toMatch(/[\u001b\u202e]/);
    }
  });

  it('reports a bare CR in a script at its line and column, but not the CR of CRLF line ends', () => {
    const dir = workspace();
    const file = join(dir, 'runbooks', 'mailbox', 'restart-mailbox.mdx');
    const source = readFileSync(file, 'utf8');
    writeFileSync(file, source.replace('zmmailboxdctl restart"\'', 'zmmailboxdctl restart"\'; rm -rf /tmp/x\r# check').replace(/\n/g, '\r\n'));
    const r = opsbook(['check', '--format', 'json', ...TODAY], { cwd: dir });
    expect(
      JSON.parse(r.stdout).diagnostics.map((d: { line: number; column: number; ruleId: string; message: string }) => [d.line, d.column, d.ruleId, d.message]),
    ).toEqual([
      [
        27,
        68,
        'script-control-char',
        'The script of step `restart` holds carriage return (U+000D), which a terminal or a browser does not show as itself; what is shown would not be what runs',
      ],
    ]);
  });

  it('exits 2 with one clear line on bad usage', () => {
    const dir = workspace();
    for (const [args, message] of [
      [['check', '--frobnicate'], "Unknown option '--frobnicate'"],
      [['check', '--format', 'xml'], 'Unknown format `xml`'],
      [['check', 'no-such-folder'], 'No such file or folder `no-such-folder`'],
      [['check', '--today', '2026-02-30'], '--today takes a date'],
    ] as const) {
      const r = opsbook([...args], { cwd: dir });
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr).toContain(message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('exits 2 on an unknown command', () => {
    const r = opsbook(['chek']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('unknown command `chek`');
  });
});

describe('opsbook check on a large manual', () => {
  it('reports what the catalog reports, in the same order, for 260 runbooks', async () => {
    const { execFileSync } = await import('node:child_process');
    const { mkdtempSync, readdirSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { loadCatalog } = await import('../../src/catalog.ts');
    const dir = mkdtempSync(join(tmpdir(), 'opsbook-large-'));
    execFileSync(process.execPath, [join(import.meta.dirname, '..', '..', 'bench', 'gen-corpus.mjs'), '260', join(dir, 'runbooks')]);
    const folder = join(dir, 'runbooks', 'mta');
    const [first, second, third] = readdirSync(folder).sort();
    writeFileSync(join(folder, first), readFileSync(join(folder, first), 'utf8').replace(/owner: p\d+/, 'owner: nobody'));
    writeFileSync(
      join(folder, second),
      readFileSync(join(folder, second), 'utf8').replace(/^id: .*$/m, readFileSync(join(folder, third), 'utf8').match(/^id: .*$/m)![0]),
    );
    const r = opsbook(['check', '--format', 'json', ...TODAY], { cwd: dir });
    expect(r.status).toBe(1);
    const catalog = await loadCatalog('runbooks', { cwd: dir, now: new Date('2026-11-24T00:00:00Z') });
    expect(catalog.diagnostics.map((d) => d.ruleId).sort()).toEqual(['owner-unknown', 'runbook-duplicate-id', 'runbook-duplicate-id']);
    expect(JSON.parse(r.stdout).diagnostics).toEqual(JSON.parse(JSON.stringify(catalog.diagnostics)));
    expect(JSON.parse(r.stdout).summary.files).toBe(261);
  });
});
