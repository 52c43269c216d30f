// How a checklist run is named to a person: by its start time (with the day when it is not
// today) and its ticket, e.g. "the run of 14:02 (INC-123)".
import type { Run } from './runs.ts';

const time = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
const day = new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short' });

export function runTime(started: string, now = new Date()): string {
  const at = new Date(started);
  return at.toDateString() === now.toDateString() ? time.format(at) : `${day.format(at)} ${time.format(at)}`;
}

export function runName(run: Run): string {
  const ticket = run.ticket ? ` (${run.ticket})` : '';
  return run.started ? `the run of ${runTime(run.started)}${ticket}` : `a new run${ticket}`;
}
