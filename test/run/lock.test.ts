// One writer per run log, and a resume never starts a step beside the stopped run's own:
// real runners, real concurrent resumes, real kill -9.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, opsbook } from '../cli/run-cli.ts';
import { runbook, runWorkspace, sh } from './fixture.ts';

const OUT = "{ name: OUT, description: Output folder, pattern: '^/.*$' }";

function runIdIn(logs: string): string {
  return readdirSync(logs)
    .find((f) => f.endsWith('.jsonl') && !f.startsWith('.') && f !== 'ledger.jsonl')!
    .replace('.jsonl', '');
}

function events(logs: string): Array<Record<string, unknown>> {
  return readFileSync(join(logs, `${runIdIn(logs)}.jsonl`), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

function start(args: string[], cwd: string): { child: ChildProcess; done: Promise<{ code: number | null; stdout: string; stderr: string }> } {
  const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  return { child, done: new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr }))) };
}

async function until(test: () => boolean, what: string, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!test()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const lines = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').filter(Boolean) : []);

/** A run of `book` stopped after step `a`, as a crash leaves it: its log cut before step `b`. */
function stoppedAfterA(w: { dir: string; out: string; logs: string }): string {
  const r = opsbook(['run', 'two', '--yes', '--param', `OUT=${w.out}`, '--log-dir', w.logs], { cwd: w.dir });
  expect(r.status, r.stderr).toBe(1);
  const run = runIdIn(w.logs);
  const file = join(w.logs, `${run}.jsonl`);
  const kept = readFileSync(file, 'utf8').split('\n');
  writeFileSync(
    file,
    `${kept
      .slice(
        0,
        kept.findIndex((l) => l.includes('"step":"b"')),
      )
      .join('\n')}\n`,
  );
  return run;
}

describe('one writer per run log', () => {
  it('lets one of two concurrent resumes run the remaining step and refuses the other, naming the holder', async () => {
    const body = `<Step id="a" title="A">\n${sh('touch "$OUT/a"')}\n</Step>\n\n<Step id="b" title="B">\n${sh('test -e "$OUT/go"; echo "b $$" >> "$OUT/b"; sleep 2')}\n</Step>`;
    const w = runWorkspace({ two: runbook('two', [OUT], body) });
    const run = stoppedAfterA(w);
    writeFileSync(join(w.out, 'go'), '');
    const args = ['run', '--resume', run, '--yes', '--log-dir', w.logs];
    const first = start(args, w.dir);
    const second = start(args, w.dir);
    const results = await Promise.all([first.done, second.done]);
    const refused = results.find((r) => r.code === 2);
    const resumed = results.find((r) => r.code === 0);
    expect(resumed, JSON.stringify(results)).toBeDefined();
    expect(refused, JSON.stringify(results)).toBeDefined();
    const holderPid = resumed === results[0] ? first.child.pid : second.child.pid;
    expect(refused!.stderr).toMatch(
      new RegExp(
        `^opsbook run: Run ${run} is locked by another opsbook: pid ${holderPid} on ${hostname()} since \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\\n`,
      ),
    );
    expect(refused!.stderr).not.toContain('internal error');
    expect(lines(join(w.out, 'b'))).toHaveLength(1);
    expect(opsbook(['log', 'verify', run, '--log-dir', w.logs], { cwd: w.dir }).status).toBe(0);
    expect(readdirSync(w.logs).filter((f) => f.includes('.lock'))).toEqual([]);
  });

  it("lets one of two concurrent resumes take over a dead runner's lock, and logs the takeover once", async () => {
    const body = `<Step id="a" title="A">\n${sh('touch "$OUT/a"')}\n</Step>\n\n<Step id="b" title="B">\n${sh('test -e "$OUT/go"; echo "b $$" >> "$OUT/b"; sleep 1')}\n</Step>`;
    const w = runWorkspace({ two: runbook('two', [OUT], body) });
    const run = stoppedAfterA(w);
    writeFileSync(join(w.out, 'go'), '');
    const dead = start(['--version'], w.dir);
    await dead.done;
    writeFileSync(join(w.logs, `${run}.lock`), `${JSON.stringify({ pid: dead.child.pid, host: hostname(), since: '2026-11-25T08:00:00.000Z' })}\n`);
    const args = ['run', '--resume', run, '--yes', '--log-dir', w.logs];
    const results = await Promise.all([start(args, w.dir).done, start(args, w.dir).done]);
    expect(results.map((r) => r.code).sort(), JSON.stringify(results)).toEqual([0, 2]);
    expect(results.find((r) => r.code === 2)!.stderr).toContain('is locked by another opsbook');
    expect(lines(join(w.out, 'b'))).toHaveLength(1);
    expect(events(w.logs).filter((e) => e.type === 'lock-takeover')).toEqual([
      expect.objectContaining({ holder: { pid: dead.child.pid, host: hostname(), since: '2026-11-25T08:00:00.000Z' } }),
    ]);
    expect(opsbook(['log', 'verify', run, '--log-dir', w.logs], { cwd: w.dir }).status).toBe(0);
    expect(existsSync(join(w.logs, `${run}.lock`))).toBe(false);
  });

  it('refuses a resume while the run itself is still live, and removes its lock when it ends', async () => {
    const w = runWorkspace({
      live: runbook('live', [OUT], `<Step id="wait" title="Wait">\n${sh('touch "$OUT/started"; while [ ! -e "$OUT/stop" ]; do sleep 0.05; done')}\n</Step>`),
    });
    const live = start(['run', 'live', '--yes', '--param', `OUT=${w.out}`, '--log-dir', w.logs], w.dir);
    await until(() => existsSync(join(w.out, 'started')), 'the step to start');
    const run = runIdIn(w.logs);
    expect(readFileSync(join(w.logs, `${run}.lock`), 'utf8')).toContain(`"pid":${live.child.pid}`);
    const r = opsbook(['run', '--resume', run, '--yes', '--log-dir', w.logs], { cwd: w.dir });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`is locked by another opsbook: pid ${live.child.pid} on ${hostname()}`);
    writeFileSync(join(w.out, 'stop'), '');
    expect((await live.done).code).toBe(0);
    expect(existsSync(join(w.logs, `${run}.lock`))).toBe(false);
    expect(events(w.logs).filter((e) => e.type === 'run-resume')).toEqual([]);
  });
});

/** A run killed with SIGKILL while its step (which waits for `$OUT/release`) still runs. */
async function killedMidStep() {
  const w = runWorkspace({
    slow: runbook(
      'slow',
      [OUT],
      `<Step id="nap" title="Nap">\n${sh('echo "start $$" >> "$OUT/trace"; until [ -e "$OUT/release" ]; do sleep 0.05; done; echo "end $$" >> "$OUT/trace"')}\n</Step>`,
    ),
  });
  const runner = start(['run', 'slow', '--yes', '--param', `OUT=${w.out}`, '--log-dir', w.logs], w.dir);
  await until(() => lines(join(w.out, 'trace')).length === 1 && events(w.logs).some((e) => e.type === 'step-start'), 'the step to start');
  runner.child.kill('SIGKILL');
  await runner.done;
  return { w, run: runIdIn(w.logs), runnerPid: runner.child.pid };
}

describe('kill -9 of a runner mid-step, then --resume', () => {
  it("refuses while the step still runs; --wait waits for it, takes over the dead runner's lock, then runs the step again", async () => {
    const { w, run, runnerPid } = await killedMidStep();
    const stepPid = (events(w.logs).find((e) => e.type === 'step-start') as { pid: number }).pid;

    const refused = opsbook(['run', '--resume', run, '--yes', '--log-dir', w.logs], { cwd: w.dir });
    expect(refused.status, refused.stderr).toBe(2);
    expect(refused.stderr).toContain(`step \`nap\` (run) of run ${run} is still running as process group ${stepPid}`);
    expect(refused.stderr).toContain('--wait');

    const waiting = start(['run', '--resume', run, '--yes', '--wait', '--log-dir', w.logs], w.dir);
    let stderr = '';
    waiting.child.stderr!.on('data', (d) => (stderr += d));
    await until(() => stderr.includes('Waiting:'), 'the resume to wait');
    expect(stderr).toContain(`Waiting: step \`nap\` (run) of run ${run} is still running as process group ${stepPid}`);
    await new Promise((r) => setTimeout(r, 500));
    expect(lines(join(w.out, 'trace'))).toHaveLength(1);
    writeFileSync(join(w.out, 'release'), '');
    const waited = await waiting.done;
    expect(waited.code, waited.stderr).toBe(0);
    const trace = lines(join(w.out, 'trace'));
    expect(trace).toHaveLength(4);
    expect(trace[1]).toBe(trace[0].replace('start', 'end'));
    expect(trace[2]).toMatch(/^start /);
    const log = events(w.logs);
    expect(log.find((e) => e.type === 'lock-takeover')).toMatchObject({ holder: { pid: runnerPid, host: hostname() } });
    expect(log.find((e) => e.type === 'step-process')).toMatchObject({ step: 'nap', phase: 'run', pid: stepPid, running: true, waitedMs: expect.any(Number) });
    expect(log.at(-1)).toMatchObject({ type: 'run-end', result: 'succeeded' });
    expect(opsbook(['log', 'verify', run, '--log-dir', w.logs], { cwd: w.dir }).status).toBe(0);
    expect(opsbook(['log', 'show', run, '--log-dir', w.logs], { cwd: w.dir }).stdout).toContain('lock taken over from pid');
  }, 60_000);

  it("finds the step's group by its environment when the runner died before logging its step-start", async () => {
    const { w, run } = await killedMidStep();
    const file = join(w.logs, `${run}.jsonl`);
    const kept = readFileSync(file, 'utf8').split('\n');
    // As if killed between starting the script and logging it: the log ends at the confirm.
    writeFileSync(
      file,
      `${kept
        .slice(
          0,
          kept.findIndex((l) => l.includes('"type":"step-start"')),
        )
        .join('\n')}\n`,
    );
    const group = Number(lines(join(w.out, 'trace'))[0].split(' ')[1]);
    const refused = opsbook(['run', '--resume', run, '--yes', '--log-dir', w.logs], { cwd: w.dir });
    expect(refused.status, refused.stderr).toBe(2);
    expect(refused.stderr).toContain(`step \`nap\` (run) of run ${run} is still running as process group ${group}`);
    const waiting = start(['run', '--resume', run, '--yes', '--wait', '--log-dir', w.logs], w.dir);
    let stderr = '';
    waiting.child.stderr!.on('data', (d) => (stderr += d));
    await until(() => stderr.includes('Waiting:'), 'the resume to wait');
    writeFileSync(join(w.out, 'release'), '');
    const waited = await waiting.done;
    expect(waited.code, waited.stderr).toBe(0);
    expect(lines(join(w.out, 'trace'))[1]).toBe(`end ${group}`);
    expect(lines(join(w.out, 'trace'))).toHaveLength(4);
  }, 60_000);
});
