// The runner on a real terminal (a pseudo-terminal from util-linux `script`): questions are
// answered as an operator types them, and a secret typed at its prompt is never echoed.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN } from '../cli/run-cli.ts';
import { alive } from './helpers.ts';
import { runbook, runWorkspace, sh } from './fixture.ts';

const OUT = "{ name: OUT, description: Output folder, pattern: '^/.*$' }";
const hasScript = existsSync('/usr/bin/script');

/** Run a command on a pty; answer each prompt (a regex on the output so far) in turn. */
function onTerminal(command: string, cwd: string, answers: [RegExp, string][]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn('script', ['-qefc', command, '/dev/null'], { cwd, env: { ...process.env, NO_COLOR: '1', TERM: 'dumb' } });
    let output = '';
    let next = 0;
    const onData = (data: Buffer) => {
      output += data.toString();
      while (next < answers.length && answers[next][0].test(output)) {
        child.stdin.write(answers[next][1]);
        next++;
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('close', (code) => resolve({ code, output }));
  });
}

describe.skipIf(!hasScript)('opsbook run on a terminal', () => {
  it('asks before each step, reads a secret without echo, and records the answers', async () => {
    const secret = 'Typed-Secret-9931';
    const w = runWorkspace({
      t: runbook(
        't',
        [OUT, '{ name: TOKEN, description: Admin token, secret: true }'],
        `
<Step id="one" title="One">
${sh('test -n "$TOKEN" && touch "$OUT/one"')}
</Step>

<Step id="two" title="Two" />
`,
      ),
    });
    const cmd = `${process.execPath} ${BIN} run t --param OUT=${w.out} --log-dir ${w.logs}`;
    const r = await onTerminal(cmd, w.dir, [
      [/TOKEN \(Admin token\): $/m, `${secret}\r`],
      [/\[r\]un \/ \[s\]kip \/ \[a\]bort\? $/m, 'r\r'],
      [/\[d\]one \/ \[s\]kip \/ \[a\]bort\? $/m, 'd\r'],
    ]);
    expect(r.output).toContain('Run succeeded');
    expect(r.code).toBe(0);
    expect(r.output).not.toContain(secret);
    expect(existsSync(join(w.out, 'one'))).toBe(true);
    const log = readFileSync(
      join(
        w.logs,
        readdirSync(w.logs).find((f) => f !== 'ledger.jsonl')!,
      ),
      'utf8',
    );
    expect(log).not.toContain(secret);
    expect(log).toContain('"action":"run","via":"prompt"');
    expect(log).toContain('"step":"two","action":"done","via":"prompt"');
  });

  it('Ctrl-C at the secret prompt ends at once with one line, nothing run', async () => {
    const w = runWorkspace({
      t: runbook('t', [OUT, '{ name: TOKEN, description: Admin token, secret: true }'], `<Step id="one" title="One">\n${sh('touch "$OUT/one"')}\n</Step>`),
    });
    const started = Date.now();
    const r = await onTerminal(`${process.execPath} ${BIN} run t --param OUT=${w.out} --log-dir ${w.logs}`, w.dir, [
      [/TOKEN \(Admin token\): $/m, 'abc\u0003'],
    ]);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(r.code).toBe(2);
    expect(r.output).toContain('No answer for `TOKEN (Admin token):`');
    expect(r.output).not.toContain('abc');
    expect(existsSync(join(w.out, 'one'))).toBe(false);
  });

  it('Ctrl-C at a step question aborts the run, logged, exit 130', async () => {
    const w = runWorkspace({ t: runbook('t', [OUT], `<Step id="one" title="One">\n${sh('touch "$OUT/one"')}\n</Step>`) });
    const r = await onTerminal(`${process.execPath} ${BIN} run t --param OUT=${w.out} --log-dir ${w.logs}`, w.dir, [
      [/\[r\]un \/ \[s\]kip \/ \[a\]bort\? $/m, '\u0003'],
    ]);
    expect(r.code).toBe(130);
    expect(r.output).toContain('Run aborted: interrupted (Ctrl-C)');
    expect(existsSync(join(w.out, 'one'))).toBe(false);
    const log = readFileSync(
      join(
        w.logs,
        readdirSync(w.logs).find((f) => f !== 'ledger.jsonl')!,
      ),
      'utf8',
    )
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string });
    expect(log.slice(-2).map((e) => e.type)).toEqual(['abort', 'run-end']);
  });

  it("a terminal that closes mid-step (SIGHUP) ends the step's group and logs abort and run-end", async () => {
    const w = runWorkspace({
      t: runbook('t', [OUT], `<Step id="long" title="Long">\n${sh('sleep 300 & echo $! > "$OUT/child"; echo started; wait')}\n</Step>`),
    });
    const term = spawn('script', ['-qefc', `${process.execPath} ${BIN} run t --yes --param OUT=${w.out} --log-dir ${w.logs}`, '/dev/null'], {
      cwd: w.dir,
      env: { ...process.env, NO_COLOR: '1', TERM: 'dumb', OPSBOOK_GRACE_MS: '500' },
    });
    term.stdout.resume();
    // The script is shown before it runs, `echo started` and all: wait for the step itself.
    const childFile = join(w.out, 'child');
    const written = () => existsSync(childFile) && readFileSync(childFile, 'utf8').endsWith('\n');
    while (!written()) await new Promise((r) => setTimeout(r, 50));
    const child = Number(readFileSync(childFile, 'utf8'));
    // The terminal goes away: its master side closes, the kernel hangs up the session.
    term.kill('SIGKILL');
    const logFile = () =>
      join(
        w.logs,
        readdirSync(w.logs).find((f) => f.endsWith('.jsonl') && f !== 'ledger.jsonl')!,
      );
    const deadline = Date.now() + 30_000;
    while (!readFileSync(logFile(), 'utf8').includes('"type":"run-end"') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const events = readFileSync(logFile(), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; reason?: string });
    expect(events.slice(-3).map((e) => e.type)).toEqual(['step-end', 'abort', 'run-end']);
    expect(events.at(-2)!.reason).toBe('SIGHUP received at long');
    expect(alive(child)).toBe(false);
  }, 60_000);
});
