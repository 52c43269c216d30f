// `opsbook run --resume <run-id>`: what a stopped run's log says (its start, the steps it
// finished) and which steps are left, against the runbook as it is now.
import { existsSync } from 'node:fs';
import type { EventBody } from '../log/chain.ts';
import type { ParameterChange, RunEvent, RunResult, RunStartEvent, StepChange } from '../log/events.ts';
import { readLog, type ReadLog } from '../log/read.ts';
import { logFile, LogWriter, type LogAnchor } from '../log/writer.ts';
import type { Parameter, Runbook, Step } from '../model.ts';
import { Refusal } from './refusal.ts';
import { selectSteps } from './select.ts';
import { stepHash } from './step-hash.ts';

export const RUN_ID = /^\d{8}T\d{6}Z-[0-9a-f]{6}$/;

export interface StoppedRun {
  run: string;
  log: ReadLog;
  start: RunStartEvent;
}

/** Refuse a run id that is not one, or names no log in `logDir` (before anything is locked or read). */
export function checkRunExists(logDir: string, run: string): void {
  if (!RUN_ID.test(run) || !existsSync(logFile(logDir, run))) throw new Refusal(`No run \`${run}\` in ${logDir}`, 'List runs with `opsbook log list`.');
}

/** The log of a run that can be resumed: it exists, verifies (a torn last line aside) and has not ended (or ended failed at a fleet step). */
export function openStoppedRun(logDir: string, run: string): StoppedRun {
  checkRunExists(logDir, run);
  const log = readLog(logFile(logDir, run));
  if (log.problem && !log.torn)
    throw new Refusal(
      `The log of run ${run} fails verification at line ${log.problem.line}: ${log.problem.message}`,
      'A log that was edited cannot be resumed; start a new run.',
    );
  const start = log.events[0];
  if (!start || start.type !== 'run-start') throw new Refusal(`The log of run ${run} has no run-start event`);
  const end = log.events.findLast((e) => e.type === 'run-end');
  if (end && !failedAtFleetStep(log.events, end)) throw new Refusal(`Run ${run} has finished already; start a new run`);
  return { run, log, start };
}

/** A run that ended failed at a fleet step may be resumed: it retries the step's hosts that did not finish ok. */
function failedAtFleetStep(events: RunEvent[], end: RunEvent): boolean {
  if (end.type !== 'run-end' || end.result !== 'failed' || !end.failedStep) return false;
  return events.some((e) => e.type === 'host-end' && e.step === end.failedStep);
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

/**
 * Steps left to run that differ from what the run started with: their hash differs from the
 * run-start's `steps` (or a later accepted `steps-changed`), or the run-start has none for
 * them. A run-start without step hashes (an older log) counts every step as changed when the
 * runbook's hash differs.
 */
export function changedSteps(stopped: StoppedRun, runbook: Runbook, steps: Step[]): StepChange[] {
  const { start, log } = stopped;
  if (!start.steps && start.runbook.hash === runbook.hash) return [];
  const known = new Map(Object.entries(start.steps ?? {}));
  for (const e of log.events) if (e.type === 'steps-changed') for (const s of e.steps) known.set(s.id, s.hash);
  const changes: StepChange[] = [];
  for (const step of steps) {
    const hash = stepHash(step);
    const before = known.get(step.id);
    if (before === undefined) changes.push({ id: step.id, hash, change: 'added' });
    else if (before !== hash) changes.push({ id: step.id, hash, change: 'changed' });
  }
  return changes;
}

/**
 * Parameter values of a resume that differ from the run's start. Secrets are never compared
 * (the log holds them as `[redacted]`, and a resume always asks for them again).
 */
export function parameterChanges(params: Parameter[], before: Record<string, string>, now: Record<string, string>): ParameterChange[] {
  const secret = new Set(params.filter((p) => p.secret).map((p) => p.name));
  const changes: ParameterChange[] = [];
  for (const p of params) {
    if (p.secret || before[p.name] === now[p.name]) continue;
    changes.push({
      name: p.name,
      ...(before[p.name] !== undefined ? { from: before[p.name] } : {}),
      ...(now[p.name] !== undefined ? { to: now[p.name] } : {}),
    });
  }
  for (const [name, value] of Object.entries(before)) {
    if (!params.some((p) => p.name === name) && !secret.has(name) && value !== '[redacted]') changes.push({ name, from: value });
  }
  return changes;
}

/**
 * Close a run killed after its last step (every planned step finished, no run-end): log
 * `notes`, then a run-end that is aborted if it had logged an abort, otherwise succeeded, its
 * duration from the last run-start or run-resume to the last event before the kill; signed
 * and put in the ledger by `anchor`.
 */
export function closeRun(stopped: StoppedRun, notes: EventBody[], now = new Date(), anchor?: LogAnchor): RunResult {
  const { events } = stopped.log;
  const began = [...events].reverse().find((e) => e.type === 'run-resume' || e.type === 'run-start')!;
  const last = events.at(-1)!;
  const result = events.some((e) => e.type === 'abort') ? 'aborted' : 'succeeded';
  const writer = LogWriter.resume(stopped.log.file, stopped.run, stopped.log.validBytes, stopped.log.state);
  if (anchor) writer.anchorWith(anchor);
  try {
    for (const note of notes) writer.append(note);
    writer.append({
      ts: now.toISOString(),
      run: stopped.run,
      type: 'run-end',
      result,
      durationMs: Math.max(0, Date.parse(last.ts) - Date.parse(began.ts)),
      closed: true,
    });
  } finally {
    writer.close();
  }
  return result;
}
