// The runner as Tier II uses it: real runbooks, real child processes, real log files.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, opsbook } from '../cli/run-cli.ts';
import { runbook, runWorkspace, sh } from './fixture.ts';

const OUT = "{ name: OUT, description: Output folder, pattern: '^/.*$' }";

/** A process that exists and is not a zombie waiting to be reaped. */
function alive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

function logOf(logs: string): { file: string; events: Array<Record<string, unknown>> } {
  const [name] = readdirSync(logs).filter((f) => f.endsWith('.jsonl') && !f.startsWith('.') && f !== 'ledger.jsonl');
  const file = join(logs, name);
  return {
    file,
    events: readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

describe('opsbook run', () => {
  it('runs every step, verifies, and writes a log that verifies', () => {
    const w = runWorkspace({
      'write-files': runbook(
        'write-files',
        [OUT],
        `
<Step id="first" title="Write a file">
${sh('echo one > "$OUT/first"')}

<Verify>
${sh('test -s "$OUT/first"')}
</Verify>
</Step>

<Step id="second" title="Append">
${sh('echo two >> "$OUT/first"; echo done')}
</Step>
`,
      ),
    });
    const r = opsbook(['run', 'write-files', '--yes', '--param', `OUT=${w.out}`, '--log-dir', w.logs], { cwd: w.dir });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(readFileSync(join(w.out, 'first'), 'utf8')).toBe('one\ntwo\n');
    expect(r.stdout).toContain('Run succeeded');
    const { events } = logOf(w.logs);
    expect(events.map((e) => (typeof e.phase === 'string' ? `${String(e.type)}:${e.phase}` : String(e.type)))).toEqual([
      'run-start',
      'confirm',
      'step-start:run',
      'step-end:run',
      'step-start:verify',
      'step-end:verify',
      'confirm',
      'step-start:run',
      'step-output:run',
      'step-end:run',
      'run-end',
    ]);
    expect(events[0]).toMatchObject({ mode: 'terminal', operator: { id: 'mberg' }, parameters: { OUT: w.out } });
    const v = opsbook(['log', 'verify', '--all', '--log-dir', w.logs], { cwd: w.dir });
    expect(v.stdout).toContain('1 of 1 logs verified');
    expect(v.status).toBe(0);
  });

  it('passes hostile parameter values as data, never as code', () => {
    const values = ['x"; touch "$OUT/pwned"; "', '$(touch $OUT/pwned2)', '`touch /tmp/opsbook-pwned3`', "it's; rm -rf /", 'a\nb', '${OUT}'];
    for (const value of values) {
      const w = runWorkspace({
        echo: runbook(
          'echo',
          [OUT, "{ name: VAL, description: Any text, pattern: '^[\\s\\S]*$' }"],
          `
<Step id="store" title="Store the value">
${sh(`printf '%s' "$VAL" > "$OUT/value"`)}
</Step>
`,
        ),
      });
      const r = opsbook(['run', 'echo', '--yes', '--param', `OUT=${w.out}`, '--param', `VAL=${value}`, '--log-dir', w.logs], { cwd: w.dir });
      expect(r.status, r.stderr).toBe(0);
      expect(readFileSync(join(w.out, 'value'), 'utf8')).toBe(value);
      expect(readdirSync(w.out)).toEqual(['value']);
    }
    expect(existsSync('/tmp/opsbook-pwned3')).toBe(false);
  });

  it('rejects a value that breaks its pattern before anything runs', () => {
    const w = runWorkspace({
      p: runbook('p', [OUT, "{ name: HOST, description: Host, pattern: '^[a-z0-9.-]+$' }"], `<Step id="s" title="S">\n${sh('touch "$OUT/ran"')}\n</Step>`),
    });
    const r = opsbook(['run', 'p', '--yes', '--param', `OUT=${w.out}`, '--param', 'HOST=mx1; reboot', '--log-dir', w.logs], { cwd: w.dir });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('does not match the pattern');
    expect(existsSync(join(w.out, 'ran'))).toBe(false);
    expect(existsSync(w.logs)).toBe(false);
  });

  it('never shows a secret in the log, on the terminal or in any process arguments', async () => {
    const secret = 'S3cr3t-Value-42';
    const w = runWorkspace({
      s: runbook(
        's',
        [OUT, '{ name: TOKEN, description: Admin token, secret: true }'],
        `
<Step id="use" title="Use the secret">
${sh('echo "token is $TOKEN"; printf "split %s" "${TOKEN:0:5}"; sleep 0.3; printf "%s\\n" "${TOKEN:5}"; touch "$OUT/started"; sleep 2')}
</Step>
`,
      ),
    });
    const child = spawn(process.execPath, [BIN, 'run', 's', '--yes', '--param', `OUT=${w.out}`, '--secret-env', 'TOKEN=MY_TOKEN', '--log-dir', w.logs], {
      cwd: w.dir,
      env: { ...process.env, MY_TOKEN: secret, NO_COLOR: '1' },
    });
    const closed = new Promise((r) => child.on('close', r));
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    while (!existsSync(join(w.out, 'started'))) await new Promise((r) => setTimeout(r, 50));
    const ps = spawnSync('ps', ['-eo', 'args'], { encoding: 'utf8' }).stdout;
    expect(ps).not.toContain(secret);
    const code = await closed;
    expect(code).toBe(0);
    expect(output).not.toContain(secret);
    expect(output).toContain('token is [redacted]');
    expect(output).toContain('split [redacted]');
    expect(output).not.toContain(secret.slice(0, 5));
    const log = readFileSync(logOf(w.logs).file, 'utf8');
    expect(log).not.toContain(secret);
    expect(log).toContain('"TOKEN":"[redacted]"');
  });

  it('refuses a secret given with --param', () => {
    const w = runWorkspace({ s: runbook('s', ['{ name: TOKEN, description: Admin token, secret: true }'], `<Step id="a" title="A" />`) });
    const r = opsbook(['run', 's', '--yes', '--param', 'TOKEN=abc', '--log-dir', w.logs], { cwd: w.dir });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('is secret');
  });

  it('kills the whole process group of a step that times out', () => {
    const w = runWorkspace({
      t: runbook(
        't',
        [OUT],
        `
<Step id="hang" title="Hang" timeout="1s">
${sh('sleep 300 & echo $! > "$OUT/child"; sleep 300')}
</Step>
`,
      ),
    });
    const started = Date.now();
    const r = opsbook(['run', 't', '--yes', '--param', `OUT=${w.out}`, '--log-dir', w.logs], { cwd: w.dir, env: { OPSBOOK_GRACE_MS: '500' } });
    expect(r.status).toBe(1);
    expect(Date.now() - started).toBeLessThan(15_000);
    const pid = Number(readFileSync(join(w.out, 'child'), 'utf8'));
    expect(alive(pid)).toBe(false);
    const end = logOf(w.logs).events.find((e) => e.type === 'step-end');
    expect(end).toMatchObject({ ok: false, timedOut: true });
  });

  it('fails fast without a terminal and without --yes', () => {
    const w = runWorkspace({ c: runbook('c', [OUT], `<Step id="a" title="A">\n${sh('touch "$OUT/ran"')}\n</Step>`) });
    const started = Date.now();
    const r = spawnSync(process.execPath, [BIN, 'run', 'c', '--param', `OUT=${w.out}`, '--log-dir', w.logs], {
      cwd: w.dir,
      input: '',
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('pass --yes');
    expect(existsSync(join(w.out, 'ran'))).toBe(false);
  });

  it('takes answers from piped stdin: run, skip, and rollback of a failed step', () => {
    const w = runWorkspace({
      c: runbook(
        'c',
        [OUT],
        `
<Step id="a" title="A">
${sh('touch "$OUT/a"')}
</Step>

<Step id="b" title="B">
${sh('touch "$OUT/b"')}
</Step>

<Step id="c" title="C">
${sh('touch "$OUT/c"; exit 3')}

<Rollback>
${sh('rm "$OUT/c"; touch "$OUT/rolled-back"')}
</Rollback>
</Step>
`,
      ),
    });
    const r = spawnSync(process.execPath, [BIN, 'run', 'c', '--param', `OUT=${w.out}`, '--log-dir', w.logs], {
      cwd: w.dir,
      input: 'r\ns\nr\nr\n',
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    expect(r.status).toBe(1);
    expect(readdirSync(w.out).sort()).toEqual(['a', 'rolled-back']);
    const events = logOf(w.logs).events;
    expect(events.find((e) => e.type === 'skip')).toMatchObject({ step: 'b', via: 'prompt' });
    expect(events.at(-1)).toMatchObject({ type: 'run-end', result: 'failed', failedStep: 'c' });
  });

  it('prints every step in a dry run and runs nothing', () => {
    const w = runWorkspace({
      d: runbook('d', [OUT, '{ name: TOKEN, description: Admin token, secret: true }'], `<Step id="a" title="A">\n${sh('touch "$OUT/ran"')}\n</Step>`),
    });
    const r = opsbook(['run', 'd', '--dry-run', '--param', `OUT=${w.out}`, '--secret-env', 'TOKEN=UNSET_IN_A_DRY_RUN', '--log-dir', w.logs], { cwd: w.dir });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('touch "$OUT/ran"');
    expect(r.stdout).toContain('nothing was executed');
    expect(existsSync(join(w.out, 'ran'))).toBe(false);
    expect(logOf(w.logs).events[0]).toMatchObject({ mode: 'dry-run' });
  });

  it('refuses a runbook above the operator tier unless overridden with a reason', () => {
    const w = runWorkspace({ h: runbook('h', [OUT], `<Step id="a" title="A">\n${sh('touch "$OUT/ran"')}\n</Step>`, 'III') });
    const refused = opsbook(['run', 'h', '--yes', '--operator', 'lwu', '--param', `OUT=${w.out}`, '--log-dir', w.logs], { cwd: w.dir });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('needs Tier III');
    expect(existsSync(join(w.out, 'ran'))).toBe(false);
    const allowed = opsbook(
      ['run', 'h', '--yes', '--operator', 'lwu', '--override-tier', '--reason', 'Sev1, Tier III unreachable', '--param', `OUT=${w.out}`, '--log-dir', w.logs],
      { cwd: w.dir },
    );
    expect(allowed.status).toBe(0);
    expect(logOf(w.logs).events[0]).toMatchObject({ override: { reason: 'Sev1, Tier III unreachable', required: 'III' } });
  });

  it('refuses to run a runbook with errors', () => {
    const w = runWorkspace({ bad: runbook('bad', [], `<Step id="Bad_Id" title="A">\n${sh('true')}\n</Step>`) });
    const r = opsbook(['run', 'bad', '--yes', '--log-dir', w.logs], { cwd: w.dir });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('step-id-format');
    expect(r.stderr).toContain('refusing to run');
  });

  it('stops the step on Ctrl-C and leaves no child behind', async () => {
    const w = runWorkspace({ i: runbook('i', [OUT], `<Step id="long" title="Long">\n${sh('sleep 300 & echo $! > "$OUT/child"; sleep 300')}\n</Step>`) });
    const child = spawn(process.execPath, [BIN, 'run', 'i', '--yes', '--param', `OUT=${w.out}`, '--log-dir', w.logs], {
      cwd: w.dir,
      env: { ...process.env, NO_COLOR: '1', OPSBOOK_GRACE_MS: '500' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const closed = new Promise((r) => child.on('close', r));
    child.stdin.end();
    while (!existsSync(join(w.out, 'child')) || readFileSync(join(w.out, 'child'), 'utf8') === '') await new Promise((r) => setTimeout(r, 50));
    child.kill('SIGINT');
    const code = await closed;
    expect(code).toBe(1);
    const pid = Number(readFileSync(join(w.out, 'child'), 'utf8'));
    expect(alive(pid)).toBe(false);
    expect(logOf(w.logs).events.find((e) => e.type === 'step-end')).toMatchObject({ interrupted: true, ok: false });
  });

  it('aborts on a second Ctrl-C: kills a step that ignores TERM at once, logs its end, leaves nothing behind', async () => {
    const w = runWorkspace({
      t: runbook('t', [OUT], `<Step id="stubborn" title="Stubborn">\n${sh(`trap '' TERM; echo started; sleep 300 & echo $! > "$OUT/child"; wait`)}\n</Step>`),
    });
    const tmp = join(w.dir, 'tmp');
    mkdirSync(tmp);
    const child = spawn(process.execPath, [BIN, 'run', 't', '--yes', '--param', `OUT=${w.out}`, '--log-dir', w.logs], {
      cwd: w.dir,
      env: { ...process.env, NO_COLOR: '1', OPSBOOK_GRACE_MS: '60000', TMPDIR: tmp },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const closed = new Promise((r) => child.on('close', r));
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.stdin.end();
    while (!existsSync(join(w.out, 'child')) || readFileSync(join(w.out, 'child'), 'utf8') === '') await new Promise((r) => setTimeout(r, 50));
    const pid = Number(readFileSync(join(w.out, 'child'), 'utf8'));
    child.kill('SIGINT');
    await new Promise((r) => setTimeout(r, 300));
    // TERM is ignored, so the step is still there within its 60 s grace.
    expect(alive(pid)).toBe(true);
    const second = Date.now();
    child.kill('SIGINT');
    expect(await closed).toBe(130);
    expect(Date.now() - second).toBeLessThan(10_000);
    expect(alive(pid)).toBe(false);
    expect(stderr).toContain('Aborting: killing the step');
    const { events } = logOf(w.logs);
    expect(events.find((e) => e.type === 'step-output')).toMatchObject({ text: expect.stringContaining('started') });
    expect(events.find((e) => e.type === 'step-end')).toMatchObject({ step: 'stubborn', interrupted: true, ok: false });
    expect(events.find((e) => e.type === 'abort')).toMatchObject({ reason: expect.stringContaining('interrupted twice') });
    expect(events.at(-1)).toMatchObject({ type: 'run-end', result: 'aborted' });
    const run = logOf(w.logs).file.split('/').pop()!.replace('.jsonl', '');
    expect(opsbook(['log', 'verify', run, '--log-dir', w.logs], { cwd: w.dir }).status).toBe(0);
    // The step's script file went with it.
    expect(readdirSync(tmp)).toEqual([]);
  });
});

describe('choosing steps', () => {
  const three = runbook('three', [OUT], ['a', 'b', 'c'].map((id) => `<Step id="${id}" title="${id}">\n${sh(`touch "$OUT/${id}"`)}\n</Step>`).join('\n\n'));
  it('--only runs one step and --from starts at a step', () => {
    const w = runWorkspace({ three });
    expect(opsbook(['run', 'three', '--yes', '--only', 'b', '--param', `OUT=${w.out}`, '--log-dir', w.logs], { cwd: w.dir }).status).toBe(0);
    expect(readdirSync(w.out)).toEqual(['b']);
    expect(opsbook(['run', 'three', '--yes', '--from', 'b', '--param', `OUT=${w.out}`, '--log-dir', w.logs], { cwd: w.dir }).status).toBe(0);
    expect(readdirSync(w.out).sort()).toEqual(['b', 'c']);
    const bad = opsbook(['run', 'three', '--yes', '--from', 'nope', '--param', `OUT=${w.out}`, '--log-dir', w.logs], { cwd: w.dir });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('has no step `nope`');
  });

  it('warns and asks before resuming a run whose runbook changed since', () => {
    const body = ['a', 'b']
      .map((id) => `<Step id="${id}" title="${id}">\n${sh(id === 'b' ? 'test -e "$OUT/go"' : `touch "$OUT/${id}"`)}\n</Step>`)
      .join('\n\n');
    const w = runWorkspace({ two: runbook('two', [OUT], body) });
    expect(opsbook(['run', 'two', '--yes', '--param', `OUT=${w.out}`, '--log-dir', w.logs], { cwd: w.dir }).status).toBe(1);
    const run = logOf(w.logs).file.split('/').pop()!.replace('.jsonl', '');
    // A failed run has ended; a crashed one has not: cut the log after step a to simulate the crash.
    const lines = readFileSync(logOf(w.logs).file, 'utf8').split('\n');
    writeFileSync(
      logOf(w.logs).file,
      `${lines
        .slice(
          0,
          lines.findIndex((l) => l.includes('"step":"b"')),
        )
        .join('\n')}\n`,
    );
    writeFileSync(join(w.dir, 'runbooks', 'mailbox', 'two.mdx'), runbook('two', [OUT], `${body}\n\nEdited after the run started.`));
    writeFileSync(join(w.out, 'go'), '');
    const refused = spawnSync(process.execPath, [BIN, 'run', '--resume', run, '--log-dir', w.logs], {
      cwd: w.dir,
      input: '',
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    expect(refused.stderr).toContain('changed since this run started');
    expect(refused.status).toBe(1);
    const resumed = opsbook(['run', '--resume', run, '--yes', '--log-dir', w.logs], { cwd: w.dir });
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(resumed.stdout).toContain('at step b');
    const events = logOf(w.logs).events;
    expect(events.find((e) => e.type === 'run-resume')).toMatchObject({ from: 'b', changed: true });
    expect(opsbook(['log', 'verify', run, '--log-dir', w.logs], { cwd: w.dir }).status).toBe(0);
  });
});

describe('kill -9 and --resume', () => {
  it('leaves a log valid up to its last line and resumes without losing or repeating a finished step', async () => {
    const steps = Array.from({ length: 5 }, (_, i) => `<Step id="s${i}" title="Step ${i}">\n${sh(`sleep 0.2; echo ${i} >> "$OUT/done"`)}\n</Step>`).join(
      '\n\n',
    );
    // Trials whose resume ran a step: a run of trials none of which resumed proves nothing.
    let resumed = 0;
    for (let trial = 0; trial < 20; trial++) {
      const w = runWorkspace({ k: runbook('k', [OUT], steps) });
      const child = spawn(process.execPath, [BIN, 'run', 'k', '--yes', '--param', `OUT=${w.out}`, '--log-dir', w.logs], { cwd: w.dir, stdio: 'ignore' });
      const closed = new Promise((r) => child.on('close', r));
      const running = () => child.exitCode === null && child.signalCode === null;
      // Timed from the run's first event on disk, not from the spawn (start-up time varies with
      // the machine's load): from right after run-start to after the last step (about 1.3 s).
      while (running() && !(existsSync(w.logs) && readdirSync(w.logs).some((f) => f.endsWith('.jsonl') && !f.startsWith('.') && f !== 'ledger.jsonl')))
        await new Promise((r) => setTimeout(r, 10));
      await new Promise((r) => setTimeout(r, (trial * 83) % 1400));
      child.kill('SIGKILL');
      await closed;
      // Killed before the first event reached the disk: no run was recorded, none to resume.
      if (!existsSync(w.logs) || !readdirSync(w.logs).some((f) => f.endsWith('.jsonl') && !f.startsWith('.') && f !== 'ledger.jsonl')) continue;
      const { file } = logOf(w.logs);
      const run = file.split('/').pop()!.replace('.jsonl', '');
      const finished = readFileSync(file, 'utf8').includes('"type":"run-end"');
      if (!finished) {
        // --wait: the killed run's step may still be finishing in its own process group.
        const r = opsbook(['run', '--resume', run, '--yes', '--wait', '--log-dir', w.logs], { cwd: w.dir });
        expect(r.status, r.stderr).toBe(0);
        const log = logOf(w.logs).events;
        if (log.slice(log.findIndex((e) => e.type === 'run-resume')).some((e) => e.type === 'step-end')) resumed++;
      }
      const verify = opsbook(['log', 'verify', run, '--log-dir', w.logs], { cwd: w.dir });
      expect(verify.status, verify.stdout).toBe(0);
      const events = logOf(w.logs).events;
      expect(events.filter((e) => e.type === 'run-end')).toHaveLength(1);
      const okRuns = events.filter((e) => e.type === 'step-end' && e.ok).map((e) => e.step);
      expect(new Set(okRuns).size).toBe(okRuns.length);
      expect([...new Set(okRuns)].sort()).toEqual(['s0', 's1', 's2', 's3', 's4']);
      expect(
        readFileSync(join(w.out, 'done'), 'utf8')
          .trim()
          .split('\n')
          .map(Number)
          .filter((n, i, a) => a.indexOf(n) === i),
      ).toEqual([0, 1, 2, 3, 4]);
    }
    expect(resumed, 'trials whose resume ran a step').toBeGreaterThan(0);
  }, 480_000);
});

describe('opsbook log verify catches tampering', () => {
  it('names the first bad line for an edit of any field, a removed, a reordered and a torn line', () => {
    const w = runWorkspace({
      v: runbook('v', [OUT], `<Step id="a" title="A">\n${sh('echo hi')}\n</Step>\n\n<Step id="b" title="B">\n${sh('echo there')}\n</Step>`),
    });
    expect(opsbook(['run', 'v', '--yes', '--param', `OUT=${w.out}`, '--log-dir', w.logs], { cwd: w.dir }).status).toBe(0);
    const { file } = logOf(w.logs);
    const original = readFileSync(file, 'utf8');
    const lines = original.trim().split('\n');
    const run = file.split('/').pop()!.replace('.jsonl', '');
    const verify = () => opsbook(['log', 'verify', run, '--log-dir', w.logs], { cwd: w.dir });
    const target = 2;
    const event = JSON.parse(lines[target]) as Record<string, unknown>;
    for (const key of Object.keys(event)) {
      const edited = {
        ...event,
        [key]:
          typeof event[key] === 'number'
            ? event[key] + 1
            : typeof event[key] === 'string'
              ? `${event[key]}x`
              : typeof event[key] === 'boolean'
                ? !event[key]
                : 'x',
      };
      const copy = [...lines];
      copy[target] = JSON.stringify(edited);
      writeFileSync(file, `${copy.join('\n')}\n`);
      const r = verify();
      expect(r.status, `edit of ${key}`).toBe(1);
      expect(r.stdout).toMatch(/:(3|4): /);
    }
    writeFileSync(file, `${lines.filter((_, i) => i !== 3).join('\n')}\n`);
    expect(verify().stdout).toContain(':4: sequence number');
    const swapped = [...lines];
    [swapped[3], swapped[4]] = [swapped[4], swapped[3]];
    writeFileSync(file, `${swapped.join('\n')}\n`);
    expect(verify().status).toBe(1);
    writeFileSync(file, `${original}${'{"v":1,"seq":'}`);
    expect(verify().stdout).toContain('torn');
    writeFileSync(file, original);
    expect(verify().status).toBe(0);
  });
});
