// A step whose runner died (kill -9) may still be running: its script is the leader of its
// own process group, which outlives the runner. A resume looks for that group before it
// starts anything, so the same step never runs twice at once.
import { readdirSync, readFileSync } from 'node:fs';
import type { Phase, RunEvent } from '../log/events.ts';
import { processStartTime } from './process.ts';
import { setTimeout as sleep } from 'node:timers/promises';

export interface StepProcess {
  step: string;
  phase: Phase;
  /** Process and process group id of the script. */
  pid: number;
  pidStart?: string;
}

/** The script the log shows started and never ended (the runner died while it ran), if it logged its pid. */
export function unendedScript(events: RunEvent[]): StepProcess | undefined {
  let open: StepProcess | undefined;
  for (const e of events) {
    if (e.type === 'step-start') open = e.pid ? { step: e.step, phase: e.phase, pid: e.pid, ...(e.pidStart ? { pidStart: e.pidStart } : {}) } : undefined;
    else if (e.type === 'step-end' && open?.step === e.step && open.phase === e.phase) open = undefined;
  }
  return open;
}

/** The live (not zombie) processes, with their process group, from /proc; undefined without /proc. */
function liveProcesses(): { pid: number; pgrp: number }[] | undefined {
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return undefined;
  }
  const live: { pid: number; pgrp: number }[] = [];
  for (const name of entries) {
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // After the command name (in parentheses): state, ppid, pgrp.
      const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (state !== 'Z' && state !== 'X') live.push({ pid: Number(name), pgrp: Number(pgrp) });
    } catch {
      // The process ended while we looked.
    }
  }
  return live;
}

function groupMembers(pgid: number): number[] | undefined {
  return liveProcesses()
    ?.filter((p) => p.pgrp === pgid)
    .map((p) => p.pid);
}

/**
 * A script the runner started but died before logging (its step-start is written once the
 * script has a pid): found by the OPSBOOK_RUN_ID and OPSBOOK_STEP_ID the runner gives every
 * script, for the step of the log's last event. Linux only.
 */
export function unloggedScript(run: string, events: RunEvent[]): StepProcess | undefined {
  const last = [...events].reverse().find((e) => e.type !== 'step-output');
  if (!last || !('step' in last) || last.step === undefined || last.type === 'step-start') return undefined;
  const step = last.step;
  const phase: Phase = last.type === 'confirm' && last.action === 'rollback' ? 'rollback' : last.type === 'step-end' ? 'verify' : 'run';
  const wanted = [`OPSBOOK_RUN_ID=${run}`, `OPSBOOK_STEP_ID=${step}`];
  for (const p of liveProcesses() ?? []) {
    if (p.pid === process.pid) continue;
    try {
      const env = readFileSync(`/proc/${p.pid}/environ`, 'utf8').split('\0');
      if (!wanted.every((w) => env.includes(w))) continue;
    } catch {
      continue;
    }
    const leaderStart = processStartTime(p.pgrp);
    return { step, phase, pid: p.pgrp, ...(leaderStart ? { pidStart: leaderStart } : {}) };
  }
  return undefined;
}

/**
 * Whether the step's process group still has a running process. A pid is not given to a new
 * process while a group of that id lives, so a leader pid that now belongs to a process with
 * another start time means the group is gone.
 */
export function groupRunning(p: StepProcess): boolean {
  const start = processStartTime(p.pid);
  if (start !== undefined && p.pidStart !== undefined && start !== p.pidStart) return false;
  const members = groupMembers(p.pid);
  if (members) return members.length > 0;
  try {
    process.kill(-p.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Wait until the group has ended (true), or `signal` aborts the wait (false). */
export async function waitForGroup(p: StepProcess, signal: AbortSignal, pollMs = 200): Promise<boolean> {
  while (groupRunning(p)) {
    // Node's own timer removes its abort listener when it fires: a long wait adds none.
    try {
      await sleep(pollMs, undefined, { signal });
    } catch {
      return false;
    }
  }
  return true;
}
