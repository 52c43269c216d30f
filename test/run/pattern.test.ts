// A parameter's pattern means one thing in check, run, the site and search: the whole value
// must match, compiled with the `u` flag (src/parse/pattern.ts); a pattern that does not
// compile that way is a check error, and run refuses the runbook instead of crashing.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { opsbook } from '../cli/run-cli.ts';
import { runbook, runWorkspace, sh } from './fixture.ts';

const HOST_STEP = `<Step id="uptime" title="Ask the host">\n${sh('ssh "$HOST" uptime')}\n</Step>`;
const hostRunbook = (pattern: string) => runbook('probe', [`{ name: HOST, description: Host to ask, pattern: '${pattern}' }`], HOST_STEP);

describe('parameter patterns', () => {
  it('refuses a value that only starts with a match: the whole value must match', () => {
    const w = runWorkspace({ probe: hostRunbook('[a-z0-9.-]+') });
    const hostile = opsbook(['run', 'probe', '--dry-run', '--operator', 'mberg', '--param', 'HOST=x; -oProxyCommand=touch /tmp/pwned #', '--log-dir', w.logs], {
      cwd: w.dir,
    });
    expect(hostile.status).toBe(2);
    expect(hostile.stderr).toContain('does not match the pattern `[a-z0-9.-]+` of HOST');
    expect(hostile.stdout).not.toContain('ProxyCommand');
    const fine = opsbook(['run', 'probe', '--dry-run', '--operator', 'mberg', '--param', 'HOST=mbox1.example.net', '--log-dir', w.logs], { cwd: w.dir });
    expect(fine.status, fine.stderr).toBe(0);
  });

  for (const [pattern, why] of [
    ['[\\w-.]+', 'invalid character class'],
    ['\\-[a-z]+', 'invalid escape'],
  ]) {
    it(`reports \`${pattern}\`, valid only without the u flag, as param-pattern-invalid, and run refuses it in one line`, () => {
      const w = runWorkspace({ probe: hostRunbook(pattern) });
      const check = opsbook(['check', '--format', 'json', '--today', '2026-11-24'], { cwd: w.dir });
      expect(check.status).toBe(1);
      expect(JSON.parse(check.stdout).diagnostics.map((d: { ruleId: string; message: string }) => [d.ruleId, d.message])).toEqual([
        [
          'param-pattern-invalid',
          `Pattern \`${pattern}\` of parameter \`HOST\` is not a valid regular expression (${why}; read with the \`u\` flag, as browsers read it)`,
        ],
      ]);
      const run = opsbook(['run', 'probe', '--dry-run', '--operator', 'mberg', '--param', 'HOST=mbox1', '--log-dir', w.logs], { cwd: w.dir });
      expect(run.status).not.toBe(0);
      expect(run.stderr).not.toContain('internal error');
      expect(run.stderr).toContain('param-pattern-invalid');
    });
  }

  it("reports a pattern that closes the anchors' group (`[a-z]+)|(.*`), and run accepts no value through it", () => {
    const w = runWorkspace({ probe: hostRunbook('[a-z]+)|(.*') });
    const check = opsbook(['check', '--format', 'json', '--today', '2026-11-24'], { cwd: w.dir });
    expect(check.status).toBe(1);
    expect(JSON.parse(check.stdout).diagnostics.map((d: { ruleId: string; message: string }) => [d.ruleId, d.message])).toEqual([
      [
        'param-pattern-invalid',
        "Pattern `[a-z]+)|(.*` of parameter `HOST` is not a valid regular expression (unmatched ')'; read with the `u` flag, as browsers read it)",
      ],
    ]);
    const run = opsbook(['run', 'probe', '--dry-run', '--operator', 'mberg', '--param', 'HOST=x; -oProxyCommand=touch /tmp/pwned #', '--log-dir', w.logs], {
      cwd: w.dir,
    });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain('param-pattern-invalid');
    expect(run.stdout).not.toContain('ProxyCommand');
  });

  it('is compiled in one place: no other module of the engine or the site makes a RegExp of a pattern', () => {
    const root = join(import.meta.dirname, '..', '..');
    const sources = ['src', 'site'].flatMap((top) =>
      readdirSync(join(root, top), { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile() && /\.(ts|astro|mjs)$/.test(e.name))
        .map((e) => join(e.parentPath, e.name)),
    );
    const compiling = sources.filter((file) => /new RegExp\([^)]*pattern/.test(readFileSync(file, 'utf8'))).map((file) => file.slice(root.length + 1));
    expect(compiling).toEqual(['src/parse/pattern.ts']);
    for (const file of ['src/rules/parameter-rules.ts', 'src/parse/param-value.ts'])
      expect(readFileSync(join(root, file), 'utf8'), file).toContain('compilePattern');
    // The runner and the site's form check a value with the one function that uses it.
    for (const file of ['src/run/params.ts', 'site/scripts/form.ts']) expect(readFileSync(join(root, file), 'utf8'), file).toContain('checkParamValue');
    const search = sources.filter((file) => /[/\\]search[/.]/.test(file.slice(root.length)) && !file.includes(`${join('site', '')}`));
    expect(search.length).toBeGreaterThan(0);
    for (const file of search) expect(readFileSync(file, 'utf8'), file).not.toMatch(/\.pattern\b/);
  });
});
