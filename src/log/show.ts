// `opsbook log show`: a run as a readable timeline, a fleet step's hosts grouped by host
// (each host: its batch, state, exit code, duration, then each phase with its output) just
// before the step's end, instead of their events interleaved as they came. Text, like the
// timeline's, is shown with unsafe characters escaped.
import { visible } from '../render/visible.ts';
import type { RunEvent } from './events.ts';
import { fleetSteps, type FleetStepRecord, type HostPhaseRecord, type HostRecord } from './fleet-hosts.ts';
import { duration, timelineLine } from './timeline.ts';

export interface ShownLine {
  at: string;
  text: string;
}

const INDENT = ' '.repeat(14);

function outputLines(text: string, dropped: number | undefined, stream: string): string[] {
  const lines = text ? text.replace(/\n$/, '').split('\n') : [];
  return [...lines.map((l) => `    ${stream}: ${l}`), ...(dropped ? [`    [${dropped} bytes dropped]`] : [])];
}

/** Output events of one stream in a row as one text: a line the log holds in two events is shown as one. */
function joined(output: HostPhaseRecord['output']): HostPhaseRecord['output'] {
  const runs: HostPhaseRecord['output'] = [];
  for (const o of output) {
    const last = runs.at(-1);
    if (last && last.stream === o.stream && !last.dropped && !last.text.endsWith('\n')) runs[runs.length - 1] = { ...o, text: last.text + o.text };
    else runs.push({ ...o });
  }
  return runs;
}

function hostBlock(step: string, h: HostRecord, t0: number): ShownLine {
  const took = h.phases.reduce((ms, p) => ms + (p.durationMs ?? 0), 0);
  const rollback = h.phases.filter((p) => p.phase === 'rollback').at(-1);
  const state =
    h.state === 'pending'
      ? 'no host-end: the run stopped while it ran'
      : `${h.state}${h.decidedBy === 'verify' && h.state !== 'ok' ? ' (verify)' : ''} exit ${h.exitCode ?? '-'} in ${duration(took)}`;
  const head = `${step} ${h.host} (batch ${h.batch}): ${state}${rollback ? `, rolled back: ${rollback.state ?? 'no host-end'}` : ''}`;
  const body = h.phases.flatMap((p) => [
    `  ${p.phase} ${p.state ?? 'no host-end'}${p.state ? ` exit ${p.exitCode ?? '-'} in ${duration(p.durationMs ?? 0)}` : ''}`,
    ...joined(p.output).flatMap((o) => outputLines(o.text, o.dropped, o.stream)),
  ]);
  const at = `+${duration(Date.parse(h.startedAt) - t0)}`.padEnd(12);
  return { at, text: visible([head, ...body].join(`\n${INDENT}`)) };
}

function stepHosts(record: FleetStepRecord, t0: number): ShownLine[] {
  const lines = record.hosts.map((h) => hostBlock(record.step, h, t0));
  if (record.pending.length) lines.push({ at: ''.padEnd(12), text: visible(`${record.step} pending (not started): ${record.pending.join(' ')}`) });
  return lines;
}

const HOST_EVENT = new Set<RunEvent['type']>(['host-start', 'host-output', 'host-end']);

/** Every host a fleet step of the run ran or planned. */
export function runHosts(events: readonly RunEvent[]): string[] {
  return [...new Set(fleetSteps(events).flatMap((s) => [...s.hosts.map((h) => h.host), ...s.pending]))];
}

/** The fleet steps' records, narrowed to one host when given (steps without it left out). */
function stepsOf(events: readonly RunEvent[], host: string | undefined): FleetStepRecord[] {
  const steps = fleetSteps(events);
  if (host === undefined) return steps;
  return steps
    .map((s) => ({ ...s, hosts: s.hosts.filter((h) => h.host === host), pending: s.pending.filter((h) => h === host) }))
    .filter((s) => s.hosts.length || s.pending.length);
}

/** The run's lines: every event but a fleet step's host events, which are shown grouped by host (only `host`'s when given). */
export function showLines(events: readonly RunEvent[], host?: string): ShownLine[] {
  const t0 = events[0] ? Date.parse(events[0].ts) : 0;
  const steps = stepsOf(events, host);
  // Each step's hosts go before its step-end, or, for a step the run left without one, after its last event.
  const before = new Map<number, FleetStepRecord[]>();
  const after = new Map<number, FleetStepRecord[]>();
  for (const s of steps) {
    if (s.endIndex !== undefined) before.set(s.endIndex, [...(before.get(s.endIndex) ?? []), s]);
    else {
      const from = Math.max(s.startIndex, 0);
      let last = from;
      for (let i = from; i < events.length && !(i > from && (events[i].type === 'run-resume' || events[i].type === 'run-end')); i++) last = i;
      after.set(last, [...(after.get(last) ?? []), s]);
    }
  }
  const lines: ShownLine[] = [];
  for (const [i, e] of events.entries()) {
    for (const s of before.get(i) ?? []) lines.push(...stepHosts(s, t0));
    if (!HOST_EVENT.has(e.type)) lines.push(timelineLine(e, t0));
    for (const s of after.get(i) ?? []) lines.push(...stepHosts(s, t0));
  }
  return lines;
}

/** `log show --json`: the events as logged, and each fleet step's hosts as `showLines` groups them. */
export function showData(events: readonly RunEvent[], host?: string): { events: readonly RunEvent[]; fleet: FleetStepRecord[] } {
  return {
    events: host === undefined ? events : events.filter((e) => !('host' in e) || e.type === 'run-start' || e.host === host),
    fleet: stepsOf(events, host),
  };
}
