// What the operator sees of a step: written to the log before it is shown, secrets redacted,
// a zx step's commands' output as a bash step's, and no character that hides what runs.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { loadOrg } from '../../src/catalog.ts';
import { LogWriter, newRunId } from '../../src/log/writer.ts';
import { parseRunbook } from '../../src/parse/runbook.ts';
import { Prompter } from '../../src/run/prompt.ts';
import { Runner } from '../../src/run/runner.ts';
import { BIN, opsbook } from '../cli/run-cli.ts';
import { runbook, runWorkspace, sh } from './fixture.ts';
import { alive, logOf, startRun } from './helpers.ts';

const OUT = "{ name: OUT, description: Output folder, pattern: '^/.*$' }";
const TOKEN = '{ name: TOKEN, description: Admin token, secret: true }';

describe('output is in the log before it is on the screen', () => {
  it('kill -9 right after a line appears on stdout: that line is in the log', async () => {
    const w = runWorkspace({
      chatty: runbook('chatty', [OUT], `<Step id="talk" title="Talk">\n${sh('for i in $(seq 1 40); do echo "line-$i"; sleep 0.05; done; sleep 300')}\n</Step>`),
    });
    for (const n of [1, 7, 23, 40]) {
      const logs = join(w.dir, `logs-${n}`);
      const run = startRun(['chatty', '--yes', '--param', `OUT=${w.out}`, '--log-dir', logs], w.dir);
      await run.seen(`line-${n}\n`);
      run.child.kill('SIGKILL');
      await run.closed;
      const { events, text } = logOf(logs);
      expect(text, `line-${n}`).toContain(`line-${n}\\n`);
      // The step's group outlived its runner (a resume refuses while it runs); end it here.
      const start = events.find((e) => e.type === 'step-start')!;
      process.kill(-(start.pid as number), 'SIGKILL');
      while (alive(start.pid as number)) await new Promise((r) => setTimeout(r, 20));
    }
  }, 120_000);
});

describe('zx steps', () => {
  it("show and log their `$` commands' output as a bash step's, secrets redacted", () => {
    const secret = 'Zx-Secret-7781';
    const w = runWorkspace({
      zx: runbook(
        'zx',
        [OUT, TOKEN],
        `<Step id="probe" title="Probe">\n\n\`\`\`js\nawait $\`echo "zx says $TOKEN"; echo zx-to-stderr >&2\`\nconsole.log('plain log')\n\`\`\`\n</Step>`,
      ),
    });
    const r = opsbook(['run', 'zx', '--yes', '--param', `OUT=${w.out}`, '--secret-env', 'TOKEN=ZX_TOKEN', '--log-dir', w.logs], {
      cwd: w.dir,
      env: { ZX_TOKEN: secret },
    });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('zx says [redacted]\n');
    expect(r.stdout).toContain('plain log\n');
    expect(r.stderr).toContain('zx-to-stderr\n');
    expect(`${r.stdout}${r.stderr}`).not.toContain(secret);
    const { events, text } = logOf(w.logs);
    const output = events.filter((e) => e.type === 'step-output');
    expect(
      output
        .filter((e) => e.stream === 'stdout')
        .map((e) => e.text)
        .join(''),
    ).toContain('zx says [redacted]\n');
    expect(
      output
        .filter((e) => e.stream === 'stderr')
        .map((e) => e.text)
        .join(''),
    ).toContain('zx-to-stderr\n');
    expect(text).not.toContain(secret);
  }, 60_000);

  // What check cannot follow (a secret built into another string first) is stopped when the
  // step runs: a `$` command that holds a secret's value is never started.
  it("refuse a `$` command that holds a secret's value, before bash gets it as its command line", () => {
    const secret = "Zx-Secret-'quoted' 42";
    const w = runWorkspace({
      zx: runbook(
        'zx',
        [OUT, TOKEN],
        `<Step id="probe" title="Probe">\n\n\`\`\`js\nconst header = \`Bearer \${process.env.TOKEN}\`\nawait $\`touch \${process.env.OUT}/ran; echo \${header}\`\n\`\`\`\n</Step>`,
      ),
    });
    expect(opsbook(['check', '--today', '2026-11-24'], { cwd: w.dir }).status).toBe(0);
    const r = opsbook(['run', 'zx', '--yes', '--param', `OUT=${w.out}`, '--secret-env', 'TOKEN=ZX_TOKEN', '--log-dir', w.logs], {
      cwd: w.dir,
      env: { ZX_TOKEN: secret },
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('opsbook: a `$` command of this step holds the secret parameter TOKEN; it was not run');
    expect(`${r.stdout}${r.stderr}`).not.toContain('Zx-Secret');
    expect(existsSync(join(w.out, 'ran'))).toBe(false);
    expect(logOf(w.logs).text).not.toContain('Zx-Secret');
  }, 60_000);
});

describe('what is shown is what runs', () => {
  const hidden = '\u001b[8m';
  const rlo = '\u202e';

  it('escapes an ESC sequence and a bidi override in a script, its title and prose (Runner, dry run)', async () => {
    const w = runWorkspace({});
    const source = runbook(
      'shady',
      [],
      `<Step id="s" title="Check ${rlo}kcehc">\n\nLook ${hidden}here.\n\n${sh(`df -h ${hidden}; touch /tmp/x # ${rlo}kcehc`)}\n</Step>`,
    );
    const parsed = { ...parseRunbook('runbooks/mailbox/shady.mdx', Buffer.from(source)).runbook, valid: true };
    const { org } = loadOrg(join(w.dir, 'runbooks', 'org.yaml'), w.dir);
    const out = new PassThrough();
    let shown = '';
    out.on('data', (d: Buffer) => (shown += d.toString()));
    const writer = LogWriter.create(w.logs, newRunId());
    const runner = new Runner(
      {
        runbook: parsed,
        org: org!,
        values: {},
        secretNames: [],
        steps: parsed.steps,
        yes: true,
        rollbackOnFailure: false,
        cwd: w.dir,
        env: {},
        operatorId: 'mberg',
      },
      writer,
      { out, err: out, prompter: new Prompter(new PassThrough(), out), bold: (t) => t, dim: (t) => t },
    );
    expect(await runner.run('dry-run', { operator: { id: 'mberg', name: 'Matt Berg', user: 'mberg' }, version: 'test', options: {} })).toBe('succeeded');
    writer.close();
    expect(shown).toContain('df -h \\x1b[8m; touch /tmp/x # \\u202ekcehc');
    expect(shown).toContain('Check \\u202ekcehc');
    expect(shown).toContain('Look \\x1b[8mhere.');
    expect(shown).not.toContain('\u001b');
    expect(shown).not.toContain(rlo);
  });

  it('escapes them in a step title and prose on the terminal run', () => {
    const w = runWorkspace({ t: runbook('t', [OUT], `<Step id="s" title="Safe ${rlo}efas">\n\nRead ${hidden}this.\n\n${sh('echo ran')}\n</Step>`) });
    const r = opsbook(['run', 't', '--yes', '--param', `OUT=${w.out}`, '--log-dir', w.logs], { cwd: w.dir });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('Safe \\u202eefas');
    expect(r.stdout).toContain('Read \\x1b[8mthis.');
    expect(r.stdout).not.toContain('\u001b');
    expect(r.stdout).not.toContain(rlo);
    expect(readFileSync(logOf(w.logs).file, 'utf8')).toContain('"type":"run-end"');
  });

  it("escapes them in a parameter's question: its description and its default, made by YAML escapes", () => {
    const note = '{ name: NOTE, description: "Note \\e[8mhidden", default: "a\\e]0;title\\ab" }';
    const w = runWorkspace({ q: runbook('q', [OUT, note], `<Step id="s" title="S">\n${sh('printf "%s" "$NOTE" > "$OUT/note"')}\n</Step>`) });
    const r = spawnSync(process.execPath, [BIN, 'run', 'q', '--param', `OUT=${w.out}`, '--log-dir', w.logs], {
      cwd: w.dir,
      input: '\nr\n',
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.status, r.stderr).toBe(0);
    const shown = `${r.stdout}${r.stderr}`;
    expect(shown).toContain('NOTE (Note \\x1b[8mhidden) [a\\x1b]0;title\\x07b]: ');
    expect(shown).not.toContain('\u001b');
    expect(shown).not.toContain('\u0007');
    // The value itself is what the default says, control characters and all.
    expect(readFileSync(join(w.out, 'note'), 'utf8')).toBe('a\u001b]0;title\u0007b');
  });

  it('escapes them in a one-line refusal that quotes what was typed (a run id, a runbook, a value)', () => {
    const w = runWorkspace({ t: runbook('t', [OUT], `<Step id="s" title="S">\n${sh('echo ran')}\n</Step>`) });
    for (const args of [
      ['run', '--resume', `x${hidden}y`, '--log-dir', w.logs],
      ['log', 'show', `x${hidden}y`, '--log-dir', w.logs],
      ['run', `t${hidden}`, '--log-dir', w.logs],
      ['run', 't', '--param', `OUT=/x${hidden}`, '--param', `NOPE${rlo}=1`, '--log-dir', w.logs],
    ]) {
      const r = opsbook(args, { cwd: w.dir });
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(/\\x1b\[8m|\\u202e/);
      expect(r.stderr, args.join(' ')).not.toMatch(/[\u001b\u202e]/);
    }
  });

  it('escapes them in the run header: the runbook title and summary', () => {
    const source = runbook('h', [OUT], `<Step id="s" title="S">\n${sh('echo ran')}\n</Step>`)
      .replace('title: Test h', `title: "Test ${rlo}h"`)
      .replace('summary: A runbook written by a test.', `summary: "Read ${rlo}this first."`);
    const w = runWorkspace({ h: source });
    const r = opsbook(['run', 'h', '--yes', '--param', `OUT=${w.out}`, '--log-dir', w.logs], { cwd: w.dir });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('Test \\u202eh');
    expect(r.stdout).toContain('Read \\u202ethis first.');
    expect(r.stdout).not.toContain(rlo);
  });
});
