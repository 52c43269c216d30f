// `opsbook run --resume <run-id>`: what a stopped run's log says (its start, the steps it
// finished) and which steps are left, against the runbook as it is now.
import { existsSync } from 'node:fs';
import type { RunEvent, RunStartEvent } from '../log/events.ts';
import { readLog, type ReadLog } from '../log/read.ts';
import { logFile } from '../log/writer.ts';
import type { Runbook, Step } from '../model.ts';
import { Refusal } from './refusal.ts';
import { selectSteps } from './select.ts';

export const RUN_ID = /^\d{8}T\d{6}Z-[0-9a-f]{6}$/;

export interface StoppedRun {
  run: string;
  log: ReadLog;
  start: RunStartEvent;
}

/** The log of a run that can be resumed: it exists, verifies (a torn last line aside) and has not ended. */
export function openStoppedRun(logDir: string, run: string): StoppedRun {
  const file = logFile(logDir, run);
  if (!RUN_ID.test(run) || !existsSync(file)) throw new Refusal(`No run \`${run}\` in ${logDir}`, 'List runs with `opsbook log list`.');
  const log = readLog(file);
  if (log.problem && !log.torn) throw new Refusal(`The log of run ${run} fails verification at line ${log.problem.line}: ${log.problem.message}`, 'A log that was edited cannot be resumed; start a new run.');
  const start = log.events[0];
  if (!start || start.type !== 'run-start') throw new Refusal(`The log of run ${run} has no run-start event`);
  if (log.events.some((e) => e.type === 'run-end')) throw new Refusal(`Run ${run} has finished already; start a new run`);
  return { run, log, start };
}

/** Steps a run has finished: done, skipped, or run with its verify (if any) passing. */
export function finishedSteps(events: RunEvent[], steps: Step[]): Set<string> {
  const done = new Set<string>();
  for (const e of events) {
    if (e.type === 'skip' || (e.type === 'confirm' && e.action === 'done')) done.add(e.step);
    if (e.type === 'step-end' && e.ok) {
      const step = steps.find((s) => s.id === e.step);
      if ((e.phase === 'run' && !step?.verify) || e.phase === 'verify') done.add(e.step);
    }
  }
  return done;
}

export interface ResumePlan {
  /** The steps the run planned (its --from or --only) that it has not finished, in order. */
  steps: Step[];
  /** The runbook's content hash differs from the run's start (or an earlier resume went on with a change). */
  changed: boolean;
}

export function planResume(stopped: StoppedRun, runbook: Runbook): ResumePlan {
  const { log, start } = stopped;
  const changed = start.runbook.hash !== runbook.hash || log.events.some((e) => e.type === 'run-resume' && e.changed);
  const finished = finishedSteps(log.events, runbook.steps);
  const opts = start.options ?? {};
  const steps = selectSteps(runbook.steps, opts.from, opts.only).filter((s) => !finished.has(s.id));
  return { steps, changed };
}
