// Identity of a process that outlives its runner: a pid alone can be reused, so a process
// is named by its pid and its start time as the kernel counts it (field 22 of
// /proc/<pid>/stat, clock ticks since boot). Linux only; elsewhere the start is unknown.
import { readFileSync } from 'node:fs';

/** The kernel's start time of `pid`, or undefined when it is not running (or not knowable). */
export function processStartTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces: count after its end.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[19];
  } catch {
    return undefined;
  }
}

/** Whether the process `pid` that started at `start` is still running (not a pid reused since). */
export function isStillRunning(pid: number, start: string | undefined): boolean {
  const now = processStartTime(pid);
  if (now === undefined) return false;
  if (start === undefined) return true;
  return now === start;
}
