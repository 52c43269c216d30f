// A variable counts as well known only when a step really has it: the runner sets it, or bash does.
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { RUNNER_ENV, WELL_KNOWN_VARS } from '../../src/parse/vars.ts';
import { opsbook } from '../cli/run-cli.ts';
import { runbook, runWorkspace, sh } from '../run/fixture.ts';

describe('well-known script variables', () => {
  it('are not $OPSBOOK_LOG_DIR, $EDITOR, $PAGER or $DISPLAY, which no step is given', () => {
    for (const name of ['OPSBOOK_LOG_DIR', 'EDITOR', 'PAGER', 'DISPLAY']) expect(WELL_KNOWN_VARS.has(name), name).toBe(false);
    const w = runWorkspace({
      editor: runbook('editor', [], `<Step id="edit" title="Edit">\n${sh('echo "$EDITOR" "$OPSBOOK_LOG_DIR" "$OPSBOOK_RUN_ID"')}\n</Step>`),
    });
    const r = opsbook(['check', '--format', 'json', '--today', '2026-11-24'], { cwd: w.dir });
    const found = JSON.parse(r.stdout)
      .diagnostics.filter((d: { ruleId: string }) => d.ruleId === 'script-undeclared-var')
      .map((d: { message: string }) => /reads `\$(\w+)`/.exec(d.message)![1]);
    expect(found).toEqual(['EDITOR', 'OPSBOOK_LOG_DIR']);
  });

  it('are each set in a real step when opsbook has them in its own environment', () => {
    const probe = `for v in ${RUNNER_ENV.join(' ')}; do if [ -n "\${!v+x}" ]; then echo "set $v" >> "$OUT"; fi; done`;
    const w = runWorkspace({ env: runbook('env', ['{ name: OUT, description: File to write }'], `<Step id="probe" title="Probe">\n${sh(probe)}\n</Step>`) });
    const env: Record<string, string> = Object.fromEntries(
      RUNNER_ENV.filter((n) => !n.startsWith('OPSBOOK_')).map((n) => [n, process.env[n] ?? (n === 'TMPDIR' ? tmpdir() : `test-${n}`)]),
    );
    const r = opsbook(['run', 'env', '--yes', '--operator', 'mberg', '--param', `OUT=${w.out}/env`, '--log-dir', w.logs], { cwd: w.dir, env });
    expect(r.status, r.stderr).toBe(0);
    expect(
      readFileSync(`${w.out}/env`, 'utf8')
        .trim()
        .split('\n')
        .map((l) => l.slice(4))
        .sort(),
    ).toEqual([...RUNNER_ENV].sort());
  });
});
