// `opsbook run --resume` is explicit about what changed since the run started, closes a run
// killed after its last step, and refuses what it would otherwise ignore. Also: what
// --secret-file reads, and unwritable log folders. Real runs, real logs.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, opsbook } from '../cli/run-cli.ts';
import { runbook, runWorkspace, sh } from './fixture.ts';

const OUT = "{ name: OUT, description: Output folder, pattern: '^/.*$' }";
const HOST = "{ name: HOST, description: Host, default: mx1, pattern: '^[a-z0-9]+$' }";
const TOKEN = '{ name: TOKEN, description: Token, secret: true }';

type Ws = { dir: string; out: string; logs: string };

function logOf(w: Ws): { run: string; file: string; events: Array<Record<string, unknown>> } {
  const name = readdirSync(w.logs).find((f) => f.endsWith('.jsonl') && !f.startsWith('.') && f !== 'ledger.jsonl')!;
  const file = join(w.logs, name);
  return {
    run: name.replace('.jsonl', ''),
    file,
    events: readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

/** Cut the log before its first line matching `marker`, as if the runner died there. */
function cutAt(w: Ws, marker: string): string {
  const { run, file } = logOf(w);
  const lines = readFileSync(file, 'utf8').split('\n');
  writeFileSync(
    file,
    `${lines
      .slice(
        0,
        lines.findIndex((l) => l.includes(marker)),
      )
      .join('\n')}\n`,
  );
  return run;
}

const resume = (w: Ws, run: string, extra: string[] = [], input = '') =>
  spawnSync(process.execPath, [BIN, 'run', '--resume', run, '--log-dir', w.logs, ...extra], {
    cwd: w.dir,
    input,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
const verifies = (w: Ws, run: string) => opsbook(['log', 'verify', run, '--log-dir', w.logs], { cwd: w.dir }).status === 0;

const twoSteps = (b: string) => `<Step id="a" title="A">\n${sh('echo "a $HOST" >> "$OUT/trace"')}\n</Step>\n\n<Step id="b" title="B">\n${sh(b)}\n</Step>`;

describe('--resume with other parameter values', () => {
  it('asks, refuses without an answer, and with --yes goes on and logs the change (never a secret)', () => {
    const w = runWorkspace({ two: runbook('two', [OUT, HOST, TOKEN], twoSteps('test -e "$OUT/go"; echo "b $HOST" >> "$OUT/trace"')) });
    writeFileSync(join(w.dir, 'token'), 'tok-secret-1\n');
    expect(
      opsbook(
        ['run', 'two', '--yes', '--param', `OUT=${w.out}`, '--param', 'HOST=mxa', '--secret-file', `TOKEN=${join(w.dir, 'token')}`, '--log-dir', w.logs],
        { cwd: w.dir },
      ).status,
    ).toBe(1);
    const run = cutAt(w, '"step":"b"');
    writeFileSync(join(w.out, 'go'), '');
    const secret = ['--secret-file', `TOKEN=${join(w.dir, 'token')}`];
    const refused = resume(w, run, ['--param', 'HOST=mxb', ...secret]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain(`Parameters differ from the start of run ${run}: HOST "mxa" → "mxb"`);
    expect(refused.stderr).toContain('Not resumed');
    expect(readFileSync(join(w.out, 'trace'), 'utf8')).toBe('a mxa\n');
    const asked = resume(w, run, ['--param', 'HOST=mxb', ...secret], 'a\n');
    expect(asked.status).toBe(1);
    expect(logOf(w).events.some((e) => e.type === 'parameters-changed')).toBe(false);
    const yes = resume(w, run, ['--param', 'HOST=mxb', '--yes', ...secret]);
    expect(yes.status, yes.stderr).toBe(0);
    expect(readFileSync(join(w.out, 'trace'), 'utf8')).toBe('a mxa\nb mxb\n');
    const { events, file } = logOf(w);
    expect(events.find((e) => e.type === 'parameters-changed')).toMatchObject({ changes: [{ name: 'HOST', from: 'mxa', to: 'mxb' }], via: 'yes' });
    expect(readFileSync(file, 'utf8')).not.toContain('tok-secret-1');
    expect(verifies(w, run)).toBe(true);
  });

  it('goes on without asking when the values are the ones the run started with', () => {
    const w = runWorkspace({ two: runbook('two', [OUT, HOST], twoSteps('test -e "$OUT/go"')) });
    expect(opsbook(['run', 'two', '--yes', '--param', `OUT=${w.out}`, '--param', 'HOST=mxa', '--log-dir', w.logs], { cwd: w.dir }).status).toBe(1);
    const run = cutAt(w, '"step":"b"');
    writeFileSync(join(w.out, 'go'), '');
    const r = resume(w, run, ['--param', 'HOST=mxa', '--yes']);
    expect(r.status, r.stderr).toBe(0);
    expect(logOf(w).events.some((e) => e.type === 'parameters-changed')).toBe(false);
  });
});

describe('--resume of a runbook whose steps changed', () => {
  it('shows each changed step and needs a confirm for it even with --yes, or --accept-changes; both are logged', () => {
    const w = runWorkspace({ two: runbook('two', [OUT, HOST], twoSteps('test -e "$OUT/go"')) });
    expect(opsbook(['run', 'two', '--yes', '--param', `OUT=${w.out}`, '--log-dir', w.logs], { cwd: w.dir }).status).toBe(1);
    expect(logOf(w).events[0]).toMatchObject({ steps: { a: expect.stringMatching(/^[0-9a-f]{64}$/), b: expect.stringMatching(/^[0-9a-f]{64}$/) } });
    const run = cutAt(w, '"step":"b"');
    const book = join(w.dir, 'runbooks', 'mailbox', 'two.mdx');
    writeFileSync(book, runbook('two', [OUT, HOST], twoSteps('touch "$OUT/edited-b"')));
    const refused = resume(w, run, ['--yes']);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('Steps changed since run');
    expect(refused.stdout).toContain('Changed step b: B');
    expect(refused.stdout).toContain('touch "$OUT/edited-b"');
    expect(refused.stderr).toContain('--accept-changes');
    expect(existsSync(join(w.out, 'edited-b'))).toBe(false);
    const confirmed = resume(w, run, ['--yes'], 'c\n');
    expect(confirmed.status, confirmed.stderr).toBe(0);
    expect(existsSync(join(w.out, 'edited-b'))).toBe(true);
    expect(logOf(w).events.find((e) => e.type === 'steps-changed')).toMatchObject({ steps: [{ id: 'b', change: 'changed' }], via: 'prompt' });
    expect(verifies(w, run)).toBe(true);
  });

  it('runs changed steps unattended with --accept-changes, and does not count text outside the steps as a change', () => {
    const w = runWorkspace({ two: runbook('two', [OUT, HOST], twoSteps('test -e "$OUT/go"')) });
    expect(opsbook(['run', 'two', '--yes', '--param', `OUT=${w.out}`, '--log-dir', w.logs], { cwd: w.dir }).status).toBe(1);
    const run = cutAt(w, '"step":"b"');
    const book = join(w.dir, 'runbooks', 'mailbox', 'two.mdx');
    writeFileSync(
      book,
      runbook('two', [OUT, HOST], `Intro added later.\n\n${twoSteps('test -e "$OUT/go"')}\n\n<Step id="c" title="C">\n${sh('touch "$OUT/c"')}\n</Step>`),
    );
    writeFileSync(join(w.out, 'go'), '');
    const r = resume(w, run, ['--yes', '--accept-changes']);
    expect(r.status, r.stderr).toBe(0);
    expect(existsSync(join(w.out, 'c'))).toBe(true);
    expect(logOf(w).events.find((e) => e.type === 'steps-changed')).toMatchObject({ steps: [{ id: 'c', change: 'added' }], via: 'accept-changes' });
  });
});

describe('--resume refuses what it cannot honour, and closes what is finished', () => {
  it('refuses --from, --only and --dry-run with --resume', () => {
    const w = runWorkspace({ two: runbook('two', [OUT, HOST], twoSteps('test -e "$OUT/go"')) });
    expect(opsbook(['run', 'two', '--yes', '--param', `OUT=${w.out}`, '--log-dir', w.logs], { cwd: w.dir }).status).toBe(1);
    const run = cutAt(w, '"step":"b"');
    for (const flags of [['--from', 'a'], ['--only', 'b'], ['--dry-run']]) {
      const r = resume(w, run, ['--yes', ...flags]);
      expect(r.status).toBe(2);
      expect(r.stderr).toContain(`--resume does not take ${flags[0]}`);
    }
    expect(logOf(w).events.some((e) => e.type === 'run-resume')).toBe(false);
  });

  it('closes a run killed between its last step and its run-end, as the log shows', () => {
    const w = runWorkspace({ two: runbook('two', [OUT, HOST], twoSteps('true')) });
    expect(opsbook(['run', 'two', '--yes', '--param', `OUT=${w.out}`, '--log-dir', w.logs], { cwd: w.dir }).status).toBe(0);
    const run = cutAt(w, '"type":"run-end"');
    const r = resume(w, run, ['--yes']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('closed it as succeeded');
    expect(readFileSync(join(w.out, 'trace'), 'utf8')).toBe('a mx1\n');
    expect(logOf(w).events.at(-1)).toMatchObject({ type: 'run-end', result: 'succeeded', closed: true });
    expect(verifies(w, run)).toBe(true);
    expect(resume(w, run, ['--yes']).stderr).toContain('has finished already');
  });
});

describe('--secret-file', () => {
  it('reads the first line of the file, as its help says', () => {
    const w = runWorkspace({ s: runbook('s', [OUT, TOKEN], `<Step id="a" title="A">\n${sh('printf "%s" "$TOKEN" > "$OUT/token"')}\n</Step>`) });
    writeFileSync(join(w.dir, 'token'), 'first-line-secret\nsecond line, a comment\n');
    const r = opsbook(['run', 's', '--yes', '--param', `OUT=${w.out}`, '--secret-file', `TOKEN=${join(w.dir, 'token')}`, '--log-dir', w.logs], { cwd: w.dir });
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(join(w.out, 'token'), 'utf8')).toBe('first-line-secret');
    expect(opsbook(['run', '--help']).stdout).toContain('read a secret parameter from a file (first line)');
  });

  it('reads a pipe to its first line, and refuses a file with no line end in its first 8 MiB (/dev/zero) instead of reading forever', () => {
    const w = runWorkspace({ s: runbook('s', [OUT, TOKEN], `<Step id="a" title="A">\n${sh('printf "%s" "$TOKEN" > "$OUT/token"')}\n</Step>`) });
    // A pipe whose writer keeps it open after the first line, as `<(vault read …)` may.
    const piped = spawnSync(
      'bash',
      [
        '-c',
        `"$0" "$@" --secret-file TOKEN=<(echo piped-secret; exec sleep 30 2>/dev/null)`,
        process.execPath,
        BIN,
        'run',
        's',
        '--yes',
        '--param',
        `OUT=${w.out}`,
        '--log-dir',
        w.logs,
      ],
      { cwd: w.dir, encoding: 'utf8', timeout: 20_000 },
    );
    expect(piped.status, piped.stderr).toBe(0);
    expect(readFileSync(join(w.out, 'token'), 'utf8')).toBe('piped-secret');
    const started = Date.now();
    const zero = opsbook(['run', 's', '--yes', '--param', `OUT=${w.out}`, '--secret-file', 'TOKEN=/dev/zero', '--log-dir', w.logs], { cwd: w.dir });
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(zero.status).toBe(2);
    expect(zero.stderr.trimEnd().split('\n').at(-1)).toBe(
      'opsbook run: --secret-file TOKEN: `/dev/zero` has no line end in its first 8 MiB; a secret is its first line',
    );
  }, 60_000);
});

describe('log folders that cannot be written', () => {
  const w = runWorkspace({ ok: runbook('ok', [OUT], `<Step id="a" title="A">\n${sh('touch "$OUT/ran"')}\n</Step>`) });
  const expectOneLine = (r: { status: number | null; stderr: string }, dir: string, why: RegExp) => {
    expect(r.status).toBe(2);
    expect(r.stderr.split('\n')[0]).toMatch(new RegExp(`^opsbook (run|log): Cannot write run logs in ${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: `));
    expect(r.stderr.split('\n')[0]).toMatch(why);
    expect(r.stderr).not.toMatch(/internal error| {4}at /);
  };

  it('says so in one line for a path under /proc, a file in the way and a read-only folder, and runs nothing', () => {
    const file = join(w.dir, 'a-file');
    writeFileSync(file, '');
    const cases: [string, RegExp][] = [
      ['/proc/x', /\((ENOENT|EACCES|EROFS)\)$/],
      [file, /a file is in the way/],
      [join(file, 'sub'), /a file is in the way/],
    ];
    for (const [dir, why] of cases) {
      const r = spawnSync(process.execPath, [BIN, 'run', 'ok', '--yes', '--param', `OUT=${w.out}`, '--log-dir', dir], {
        cwd: w.dir,
        encoding: 'utf8',
        timeout: 30_000,
        env: { ...process.env, NO_COLOR: '1' },
      });
      expectOneLine(r, dir, why);
      const imported = spawnSync(process.execPath, [BIN, 'log', 'import', file, '--log-dir', dir], { cwd: w.dir, encoding: 'utf8', timeout: 30_000 });
      expect(imported.stderr).not.toMatch(/internal error/);
    }
    expect(existsSync(join(w.out, 'ran'))).toBe(false);
  });

  it('says so for a read-only folder', () => {
    const ro = join(w.dir, 'ro');
    mkdirSync(ro);
    const args = [BIN, 'run', 'ok', '--yes', '--param', `OUT=${w.out}`, '--log-dir', ro];
    let r;
    if (process.getuid?.() === 0) {
      // root writes through permission bits: make it a read-only mount in a private mount namespace.
      r = spawnSync('unshare', ['-m', 'sh', '-c', `mount -t tmpfs -o ro tmpfs "$0" && exec "$@"`, ro, process.execPath, ...args], {
        cwd: w.dir,
        encoding: 'utf8',
        timeout: 30_000,
        env: { ...process.env, NO_COLOR: '1' },
      });
      if (r.stderr.includes('mount:') || r.stderr.includes('unshare:')) return;
    } else {
      chmodSync(ro, 0o555);
      r = spawnSync(process.execPath, args, { cwd: w.dir, encoding: 'utf8', timeout: 30_000, env: { ...process.env, NO_COLOR: '1' } });
    }
    expectOneLine(r, ro, /(read-only|permission denied)/);
    expect(existsSync(join(w.out, 'ran'))).toBe(false);
  });
});
