// What a resume settles with the operator before anything runs again: the stopped run's
// step process (refused while it runs, or waited for with --wait), parameters that differ
// from the run's start, and steps that changed since. Each returns the event to log, or
// refuses (a Refusal: one line, exit 2) or reports that the operator said no (`declined`).
import type { EventBody } from '../log/chain.ts';
import type { ParameterChange, StepChange } from '../log/events.ts';
import type { Step } from '../model.ts';
import { visible } from '../render/visible.ts';
import { groupRunning, unendedScript, unloggedScript, waitForGroup } from './orphan.ts';
import { NoAnswer, type Prompter } from './prompt.ts';
import { Refusal } from './refusal.ts';
import type { StoppedRun } from './resume.ts';

export interface GuardUi {
  out: NodeJS.WritableStream;
  err: NodeJS.WritableStream;
  prompter: Prompter;
}

export type Guarded = { ok: true; note?: EventBody } | { ok: false; why: 'declined' | 'interrupted' };

const now = () => new Date().toISOString();

/** Ask `[c]ontinue / [a]bort`; no answer to read (no terminal, stdin closed) is `a`. */
export async function askContinue(prompter: Prompter, question: string): Promise<boolean> {
  try {
    return (await prompter.choose(question, ['c', 'a'])) === 'c';
  } catch (error) {
    if (error instanceof NoAnswer) return false;
    throw error;
  }
}

/**
 * The script the stopped run was running when it died: while its process group lives, a
 * resume is refused, or with `wait` waits for it (Ctrl-C, via `signal`, stops waiting).
 */
export async function guardStepProcess(stopped: StoppedRun, wait: boolean, ui: GuardUi, signal: AbortSignal): Promise<Guarded> {
  const open = unendedScript(stopped.log.events) ?? unloggedScript(stopped.run, stopped.log.events);
  if (!open) return { ok: true };
  const base = {
    ts: now(),
    run: stopped.run,
    type: 'step-process' as const,
    step: open.step,
    phase: open.phase,
    pid: open.pid,
    ...(open.pidStart ? { pidStart: open.pidStart } : {}),
  };
  if (!groupRunning(open)) return { ok: true, note: { ...base, running: false } };
  const what = `step \`${open.step}\` (${open.phase}) of run ${stopped.run} is still running as process group ${open.pid}`;
  if (!wait) throw new Refusal(`Not resumed: ${what}`, `Wait for it with --wait, or end it (kill -TERM -- -${open.pid}) and resume again.`);
  const started = Date.now();
  ui.err.write(`Waiting: ${what}; resuming when it ends (Ctrl-C stops waiting)…\n`);
  if (!(await waitForGroup(open, signal))) {
    ui.err.write('Stopped waiting; nothing was resumed.\n');
    return { ok: false, why: 'interrupted' };
  }
  const waitedMs = Date.now() - started;
  ui.err.write(`Process group ${open.pid} ended after ${(waitedMs / 1000).toFixed(1)} s.\n`);
  return { ok: true, note: { ...base, ts: now(), running: true, waitedMs } };
}

/** Parameters that differ from the run's start: asked, or taken with --yes. */
export async function confirmParameters(stopped: StoppedRun, changes: ParameterChange[], yes: boolean, ui: GuardUi): Promise<Guarded> {
  if (changes.length === 0) return { ok: true };
  const shown = changes.map(
    (c) => `${c.name} ${c.from === undefined ? '(none)' : JSON.stringify(c.from)} → ${c.to === undefined ? '(none)' : JSON.stringify(c.to)}`,
  );
  ui.err.write(visible(`Parameters differ from the start of run ${stopped.run}: ${shown.join(', ')}\n`));
  if (!yes && !(await askContinue(ui.prompter, 'Resume with these values? [c]ontinue / [a]bort '))) {
    ui.err.write('Not resumed (pass --yes to resume with the new values unattended).\n');
    return { ok: false, why: 'declined' };
  }
  return { ok: true, note: { ts: now(), run: stopped.run, type: 'parameters-changed', changes, via: yes ? 'yes' : 'prompt' } };
}

/** Steps changed since the run's start: each confirmed after it is shown, unless --accept-changes. */
export async function confirmSteps(stopped: StoppedRun, changes: StepChange[], steps: Step[], accept: boolean, ui: GuardUi): Promise<Guarded> {
  if (changes.length === 0) return { ok: true };
  ui.err.write(
    `Steps changed since run ${stopped.run} started: ${changes.map((c) => `${c.id} (${c.change === 'added' ? "not in the run's start" : 'changed'})`).join(', ')}.\n`,
  );
  if (!accept) {
    for (const change of changes) {
      const step = steps.find((s) => s.id === change.id)!;
      ui.out.write(visible(`\nChanged step ${step.id}: ${step.title}\n${step.prose.trim()}\n`));
      for (const [label, script] of [
        ['script', step.script],
        ['verify', step.verify],
        ['rollback', step.rollback],
      ] as const) {
        if (script) ui.out.write(`--- ${label} (${script.engine}) ---\n${visible(script.code.replace(/\n?$/, '\n'))}`);
      }
      if (!(await askContinue(ui.prompter, `Run the changed step ${step.id} as shown? [c]ontinue / [a]bort `))) {
        ui.err.write('Not resumed (pass --accept-changes to accept changed steps unattended).\n');
        return { ok: false, why: 'declined' };
      }
    }
  }
  return { ok: true, note: { ts: now(), run: stopped.run, type: 'steps-changed', steps: changes, via: accept ? 'accept-changes' : 'prompt' } };
}
