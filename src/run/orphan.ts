// A step whose runner died (kill -9) may still be running: its script is the leader of its
// own process group, which outlives the runner. A resume looks for that group before it
// starts anything, so the same step never runs twice at once.
import { readdirSync, readFileSync } from 'node:fs';
import type { Phase, RunEvent } from '../log/events.ts';
import { processStartTime } from './process.ts';

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

/** Pids of the live (not zombie) processes in process group `pgid`, from /proc; undefined without /proc. */
function groupMembers(pgid: number): number[] | undefined {
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return undefined;
  }
  const members: number[] = [];
  for (const name of entries) {
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // After the command name (in parentheses): state, ppid, pgrp.
      const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(pgrp) === pgid && state !== 'Z' && state !== 'X') members.push(Number(name));
    } catch {
      // The process ended while we looked.
    }
  }
  return members;
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
    if (signal.aborted) return false;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, pollMs);
      signal.addEventListener('abort', () => { clearTimeout(timer); resolve(); }, { once: true });
    });
  }
  return true;
}
