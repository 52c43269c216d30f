// `opsbook log show` never writes a log's text raw to the terminal: ESC sequences, bare CR and
// bidi overrides in step output, parameter values or reasons are shown escaped.
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { opsbook } from '../cli/run-cli.ts';
import { runbook, runWorkspace, sh } from '../run/fixture.ts';

describe('opsbook log show', () => {
  it('shows ESC, CR and bidi characters of step output and values escaped, never raw', () => {
    const w = runWorkspace({
      out: runbook(
        'out',
        ["{ name: NOTE, description: A note, pattern: '.*' }"],
        `<Step id="noisy" title="Noisy">\n${sh(`printf 'clear\\033[2J then\\x0dover \\342\\200\\256txt.exe\\n'; printf '%s\\n' "$NOTE"`)}\n</Step>`,
      ),
    });
    const run = opsbook(['run', 'out', '--yes', '--param', 'NOTE=a\u001b]0;title\u0007b', '--log-dir', w.logs], { cwd: w.dir });
    expect(run.status, run.stderr).toBe(0);
    const id = readdirSync(w.logs)
      .find((f) => f.endsWith('.jsonl') && f !== 'ledger.jsonl')!
      .replace('.jsonl', '');
    const show = opsbook(['log', 'show', id, '--log-dir', w.logs], { cwd: w.dir });
    expect(show.status).toBe(0);
    expect(show.stdout).not.toMatch(/[\u001b\r\u0007\u202e]/);
    expect(show.stdout).toContain('clear\\x1b[2J then\\x0dover \\u202etxt.exe');
    expect(show.stdout).toContain('NOTE=a\\x1b]0;title\\x07b');
  });
});
