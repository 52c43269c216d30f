// A copied command does what it shows: pasted into bash or zsh it runs every line of the
// script, with standard input left to the caller, in the environment `opsbook run` gives a step.
// These run the copied text in real shells; test/e2e/copy.spec.ts pastes it into interactive
// ones on a terminal.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pasteableCommand, RUNNER_BASH, runLine, shellQuote, type PasteOptions } from '../../src/render/command.ts';
import { command } from '../../src/run/exec.ts';
import { stepEnv } from '../../src/run/environment.ts';
import type { Step } from '../../src/model.ts';

const hasZsh = existsSync('/usr/bin/zsh') || existsSync('/bin/zsh');
const RUN = { id: '20261202T010000Z-abcdef', runbook: 'probe', step: 'look', operator: 'mberg' };

/** A folder with an `ssh` that reads its standard input as ssh does (all of it, here a pipe) and says how much it took. */
function workspace(): { dir: string; bin: string; tmp: string } {
  const dir = mkdtempSync(join(tmpdir(), 'opsbook-copy-'));
  const bin = join(dir, 'bin');
  const tmp = join(dir, 'tmp');
  spawnSync('mkdir', ['-p', bin, tmp]);
  writeFileSync(join(bin, 'ssh'), '#!/bin/bash\nn=0\nwhile IFS= read -r -t 1 line; do n=$((n + 1)); done\necho "ssh $* read $n lines of stdin"\n');
  chmodSync(join(bin, 'ssh'), 0o755);
  return { dir, bin, tmp };
}

/** Run `text` as a shell runs a pasted command (read from a file: a long one does not fit in an argument), with `stdin` on its standard input. */
function paste(shell: 'bash' | 'zsh', text: string, w: ReturnType<typeof workspace>, env: Record<string, string> = {}, stdin = 'typed ahead\nand more\n') {
  const file = join(w.dir, 'pasted.txt');
  writeFileSync(file, text);
  const args = shell === 'bash' ? ['--norc', '--noprofile', file] : ['-f', file];
  return spawnSync(shell, args, {
    cwd: w.dir,
    input: stdin,
    encoding: 'utf8',
    env: { ...LOGIN_ENV(w), EDITOR: 'vi', OPSBOOK_LOG_DIR: '/x', ...env },
  });
}

const bash = (code: string, options: Partial<PasteOptions> = {}) =>
  pasteableCommand({ code, engine: 'bash' }, { values: {}, secrets: [], run: RUN, ...options });

/** What a login session exports, as a terminal's shell has it. */
const LOGIN_ENV = (w: ReturnType<typeof workspace>) => ({
  PATH: `${w.bin}:${process.env.PATH}`,
  HOME: w.dir,
  TMPDIR: w.tmp,
  LANG: 'C.UTF-8',
  SHELL: '/bin/bash',
  TERM: 'xterm',
  LOGNAME: 'mberg',
  USER: 'mberg',
});

const shells = hasZsh ? (['bash', 'zsh'] as const) : (['bash'] as const);

describe.each(shells)('a copied bash step pasted into %s', (shell) => {
  it('runs every line: an ssh that reads standard input reads the caller’s, not the rest of the script', () => {
    const w = workspace();
    const r = paste(shell, bash('echo one\nread -r line\necho "read: $line"\nssh "$HOST" uptime\necho "four $HOST"\n', { values: { HOST: 'mx1' } }), w);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('one\nread: typed ahead\nssh mx1 uptime read 1 lines of stdin\nfour mx1\n');
    expect(r.status).toBe(0);
  });

  it('stops at the first failing line as the runner does (errexit, nounset, pipefail) and exits with its code', () => {
    const w = workspace();
    expect(paste(shell, bash('false | true\necho never\n'), w).status).toBe(1);
    const unset = paste(shell, bash('echo "$NOT_SET"\necho never\n'), w);
    expect(unset.status).not.toBe(0);
    expect(unset.stderr).toContain('NOT_SET: unbound variable');
    expect(paste(shell, bash('exit 7\n'), w).status).toBe(7);
  });

  it('gives the script the environment `opsbook run` gives a step: PASS_ENV of the shell, the parameters and OPSBOOK_*', () => {
    const w = workspace();
    const values = { HOST: 'mx1', NOTE: "it's $(id) !x `y`" };
    const show = 'env | LC_ALL=C sort | grep -v -e "^_=" -e "^PWD=" -e "^SHLVL="\n';
    const copied = paste(shell, bash(show, { values }), w, { ZSH_ONLY: '1' });
    expect(copied.stderr).toBe('');
    const step = { id: RUN.step } as Step;
    const env = stepEnv({ env: { ...LOGIN_ENV(w), EDITOR: 'vi' }, values, runbookId: RUN.runbook, operatorId: RUN.operator, cwd: w.dir }, RUN.id, step);
    const file = join(w.dir, 'show.sh');
    writeFileSync(file, show);
    const [cmd, args] = command({ engine: 'bash' }, file);
    const runner = spawnSync(cmd, args, { env, cwd: w.dir, encoding: 'utf8' });
    expect(copied.stdout).toBe(runner.stdout);
    expect(copied.stdout).toContain(`NOTE=${values.NOTE}\n`);
    expect(copied.stdout).not.toContain('EDITOR');
  });

  it('takes a secret from the shell by name, never through a process’s arguments, and refuses to run without it', () => {
    const w = workspace();
    const out = join(w.dir, 'cmdlines');
    const script = `for f in /proc/[0-9]*/cmdline; do tr '\\0' ' ' 2>/dev/null < "$f" || true; echo; done > ${shellQuote(out)}\necho "token of \${#TOKEN} characters"\n`;
    const text = bash(script, { secrets: ['TOKEN'] });
    const secret = 'Sec-ret 7 \'"$x';
    // As after `read -rs TOKEN`: the shell holds it, no process's arguments do.
    const r = paste(shell, text, w, { TOKEN: secret });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(`token of ${secret.length} characters\n`);
    expect(readFileSync(out, 'utf8')).not.toContain('Sec-ret');
    const none = paste(shell, text, w);
    expect(none.status).not.toBe(0);
    expect(none.stderr).toContain('TOKEN: is a secret: set it in this shell first, without echo: read -rs TOKEN');
    expect(none.stdout).toBe('');
    expect(readdirSync(w.tmp)).toEqual([]);
  });

  it('keeps the script literal: quotes, `!`, `$`, a line like the delimiter, a long script; and leaves no file behind', () => {
    const w = workspace();
    const code = `echo 'it'"'"'s' "a!b" '$HOME' "!!"\ncat <<'OPSBOOK'\nOPSBOOK\necho "after"\n${'# filler line to make the script long\n'.repeat(5000)}echo end\n`;
    const text = bash(code);
    expect(text).toContain("<<'OPSBOOK_'");
    const r = paste(shell, text, w);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(`it's a!b $HOME !!\nafter\nend\n`);
    expect(readdirSync(w.tmp)).toEqual([]);
  });

  it('reads a script written with CRLF line ends as the runner does', () => {
    const w = workspace();
    const r = paste(shell, bash('echo one\r\necho two\r\n'), w);
    expect(r.stdout).toBe('one\ntwo\n');
  });
});

describe('pasteable commands', () => {
  it('runs the script with the runner’s own bash command line', () => {
    const [cmd, args] = command({ engine: 'bash' }, '/f');
    expect([cmd, ...args.slice(0, -1)]).toEqual([...RUNNER_BASH]);
    expect(bash('true')).toContain(`${RUNNER_BASH.join(' ')} "$d/step.sh"`);
  });

  it('quotes values for the shell', () => {
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
    expect(shellQuote('mx3.example.net')).toBe('mx3.example.net');
    expect(bash('true', { values: { HOST: '$(id); x' } })).toContain(`HOST='$(id); x'`);
  });

  it('runs a zx step with zx, its script in a file, not on standard input', () => {
    const text = pasteableCommand({ code: 'console.log(1)\n', engine: 'zx' }, { values: {}, secrets: [], run: RUN, zx: '8.8.5' });
    expect(text).toMatch(/cat > "\$d\/step\.mjs" <<'OPSBOOK' \|\| exit\nconsole\.log\(1\)\nOPSBOOK\n/);
    expect(text).toContain('node --require "$d/output.cjs" "$zx" --quiet "$d/step.mjs"');
    expect(text).toContain("npx --yes --package=zx@8.8.5 -c 'command -v zx'");
    expect(text).not.toMatch(/<<'OPSBOOK'\s*$/m);
  });

  it('writes the terminal line with quoted parameters', () => {
    expect(runLine('mail-site-failover', { SITE: 'dc 2' }, 'stop-primary')).toBe("opsbook run mail-site-failover --param 'SITE=dc 2' --from stop-primary");
  });
});
