// A stop signal to the runner (kill, a closed terminal, a service manager) ends the run as
// Ctrl-C does: the step's process group is ended, the log gets the step's end, an abort and
// the run-end, and the exit code is 128 + the signal's number.
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN } from '../cli/run-cli.ts';
import { runbook, runWorkspace, sh } from './fixture.ts';
import { alive, kill, logOf, startRun, verifies } from './helpers.ts';

const OUT = "{ name: OUT, description: Output folder, pattern: '^/.*$' }";

async function childPid(out: string): Promise<number> {
  const file = join(out, 'child');
  while (!existsSync(file) || readFileSync(file, 'utf8') === '') await new Promise((r) => setTimeout(r, 50));
  return Number(readFileSync(file, 'utf8'));
}

function twoSteps(first: string): string {
  return runbook('sig', [OUT], `<Step id="long" title="Long">\n${sh(first)}\n</Step>\n\n<Step id="after" title="After">\n${sh('touch "$OUT/after"')}\n</Step>`);
}

describe('stop signals to opsbook run', () => {
  for (const [signal, code] of [
    ['SIGTERM', 143],
    ['SIGHUP', 129],
    ['SIGQUIT', 131],
  ] as const) {
    it(`${signal}: ends the step's group, logs its end, abort and run-end, exits ${code}`, async () => {
      const w = runWorkspace({ sig: twoSteps('sleep 300 & echo $! > "$OUT/child"; wait') });
      const run = startRun(['sig', '--yes', '--param', `OUT=${w.out}`, '--log-dir', w.logs], w.dir, { OPSBOOK_GRACE_MS: '500' });
      const pid = await childPid(w.out);
      kill(signal, run.child.pid!);
      expect(await run.closed).toBe(code);
      expect(alive(pid)).toBe(false);
      expect(existsSync(join(w.out, 'after'))).toBe(false);
      const { events } = logOf(w.logs);
      const start = events.find((e) => e.type === 'step-start');
      expect(start).toMatchObject({ step: 'long', pid: expect.any(Number), pidStart: expect.stringMatching(/^\d+$/) });
      expect(alive(start!.pid as number)).toBe(false);
      expect(events.slice(-3)).toMatchObject([
        { type: 'step-end', step: 'long', ok: false, interrupted: true },
        { type: 'abort', step: 'long', reason: `${signal} received at long` },
        { type: 'run-end', result: 'aborted' },
      ]);
      expect(verifies(w.logs, w.dir)).toBe(true);
    }, 60_000);
  }

  it('a reader that goes away (`opsbook run … | head -1`) stops the run as SIGPIPE would: no step runs unseen, exit 141', async () => {
    const w = runWorkspace({ sig: twoSteps('sleep 300 & echo $! > "$OUT/child"; while :; do echo tick; sleep 0.2; done') });
    const run = startRun(['sig', '--yes', '--param', `OUT=${w.out}`, '--log-dir', w.logs], w.dir, { OPSBOOK_GRACE_MS: '500' });
    const pid = await childPid(w.out);
    await run.seen('tick');
    run.child.stdout.destroy();
    expect(await run.closed).toBe(141);
    expect(existsSync(join(w.out, 'after'))).toBe(false);
    expect(alive(pid)).toBe(false);
    const { events } = logOf(w.logs);
    expect(events.slice(-3)).toMatchObject([
      { type: 'step-end', step: 'long', ok: false, interrupted: true },
      { type: 'abort', step: 'long', reason: 'the output was closed (SIGPIPE) at long' },
      { type: 'run-end', result: 'aborted' },
    ]);
    expect(verifies(w.logs, w.dir)).toBe(true);
  }, 60_000);

  it('output to a full device (`> /dev/full`): the header could not be shown, so no step runs', () => {
    const w = runWorkspace({ sig: twoSteps('touch "$OUT/long"') });
    const full = openSync('/dev/full', 'w');
    const r = spawnSync(process.execPath, [BIN, 'run', 'sig', '--yes', '--param', `OUT=${w.out}`, '--log-dir', w.logs], {
      cwd: w.dir,
      stdio: ['ignore', full, 'pipe'],
      encoding: 'utf8',
      timeout: 60_000,
    });
    closeSync(full);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('opsbook: cannot write the output: ENOSPC');
    expect(existsSync(join(w.out, 'long'))).toBe(false);
    expect(logOf(w.logs).events.map((e) => e.type)).toEqual(['run-start', 'abort', 'run-end']);
  }, 60_000);

  it('SIGTERM: a step that ignores TERM is killed after the grace', async () => {
    const w = runWorkspace({ sig: twoSteps(`trap '' TERM; sleep 300 & echo $! > "$OUT/child"; wait`) });
    const run = startRun(['sig', '--yes', '--param', `OUT=${w.out}`, '--log-dir', w.logs], w.dir, { OPSBOOK_GRACE_MS: '1500' });
    const pid = await childPid(w.out);
    const sent = Date.now();
    kill('SIGTERM', run.child.pid!);
    await new Promise((r) => setTimeout(r, 500));
    // TERM is ignored: the step is still there within its grace.
    expect(alive(pid)).toBe(true);
    expect(await run.closed).toBe(143);
    expect(Date.now() - sent).toBeGreaterThanOrEqual(1500);
    expect(alive(pid)).toBe(false);
    const { events } = logOf(w.logs);
    expect(events.slice(-3).map((e) => e.type)).toEqual(['step-end', 'abort', 'run-end']);
    expect(events.at(-3)).toMatchObject({ signal: 'SIGKILL', interrupted: true });
    expect(verifies(w.logs, w.dir)).toBe(true);
  }, 60_000);

  it('SIGTERM at a question: no step runs, the run ends with abort and run-end', async () => {
    const w = runWorkspace({ sig: twoSteps('touch "$OUT/ran"') });
    const run = startRun(['sig', '--param', `OUT=${w.out}`, '--log-dir', w.logs], w.dir);
    await run.seen('[r]un / [s]kip / [a]bort? ');
    kill('SIGTERM', run.child.pid!);
    expect(await run.closed).toBe(143);
    expect(existsSync(join(w.out, 'ran'))).toBe(false);
    expect(run.stderr()).toContain('SIGTERM received');
    const { events } = logOf(w.logs);
    expect(events.slice(-2)).toMatchObject([
      { type: 'abort', step: 'long', reason: 'SIGTERM received' },
      { type: 'run-end', result: 'aborted' },
    ]);
    expect(verifies(w.logs, w.dir)).toBe(true);
  }, 60_000);
});
