// A fleet step's per-host events, read back from a run log: for each time the step ran (a
// run, then each resume), each host with its batch, its phases (run, verify, rollback: state,
// exit code, duration, output) and the state that decided it; hosts the step planned but
// never started are pending. What `opsbook log show` groups by host and the audit counts.
import type { HostEndState, Phase, RunEvent } from './events.ts';

/** A host's state at the end of a run: as its last host-end says, or pending (not started, or stopped before its host-end). */
export type HostFinalState = HostEndState | 'pending';

export interface HostPhaseRecord {
  phase: Phase;
  startedAt: string;
  /** Absent when the log has no host-end for it (the runner stopped while it ran). */
  state?: HostEndState;
  exitCode?: number | null;
  durationMs?: number;
  output: { stream: 'stdout' | 'stderr'; text: string; dropped?: number }[];
}

export interface HostRecord {
  host: string;
  batch: number;
  startedAt: string;
  phases: HostPhaseRecord[];
  /** From the last run or verify phase; a rollback does not change it. */
  state: HostFinalState;
  exitCode: number | null;
  /** The phase that decided `state`. */
  decidedBy: Phase;
}

export interface FleetStepRecord {
  step: string;
  /** Index of the step-start event this record belongs to (-1 when the log has none). */
  startIndex: number;
  /** Index of its step-end, when the log has one. */
  endIndex?: number;
  /** Hosts in the order they started. */
  hosts: HostRecord[];
  /** Hosts the step-start planned that never started. */
  pending: string[];
}

function decide(record: HostRecord): void {
  const last = record.phases.filter((p) => p.phase !== 'rollback').at(-1);
  if (!last) return;
  record.state = last.state ?? 'pending';
  record.exitCode = last.exitCode ?? null;
  record.decidedBy = last.phase;
}

/** Every fleet step's hosts, in log order: one record per step-start that ran hosts (or planned them). */
export function fleetSteps(events: readonly RunEvent[]): FleetStepRecord[] {
  const records: FleetStepRecord[] = [];
  const open = new Map<string, { record: FleetStepRecord; hosts: Map<string, HostRecord>; planned: string[] }>();
  const lastStart = new Map<string, number>();
  const close = (step: string, endIndex?: number) => {
    const o = open.get(step);
    if (!o) return;
    open.delete(step);
    if (endIndex !== undefined) o.record.endIndex = endIndex;
    for (const h of o.hosts.values()) decide(h);
    o.record.pending = o.planned.filter((h) => !o.hosts.has(h));
    if (o.record.hosts.length || o.record.pending.length) records.push(o.record);
  };
  const opened = (step: string, startIndex: number, planned: string[]) => {
    const o = {
      record: { step, startIndex, hosts: [] as HostRecord[], pending: [] as string[] } as FleetStepRecord,
      hosts: new Map<string, HostRecord>(),
      planned,
    };
    open.set(step, o);
    return o;
  };
  for (const [i, e] of events.entries()) {
    switch (e.type) {
      case 'step-start':
        if (e.phase !== 'run') break;
        close(e.step);
        lastStart.set(e.step, i);
        if (e.hosts) opened(e.step, i, e.hosts);
        break;
      case 'step-end':
        close(e.step, i);
        break;
      case 'run-resume':
      case 'run-end':
        for (const step of [...open.keys()]) close(step);
        break;
      case 'host-start': {
        const o = open.get(e.step) ?? opened(e.step, lastStart.get(e.step) ?? -1, []);
        let host = o.hosts.get(e.host);
        if (!host) {
          host = { host: e.host, batch: e.batch, startedAt: e.ts, phases: [], state: 'pending', exitCode: null, decidedBy: 'run' };
          o.hosts.set(e.host, host);
          o.record.hosts.push(host);
        }
        host.phases.push({ phase: e.phase, startedAt: e.ts, output: [] });
        break;
      }
      case 'host-output': {
        const phase = open.get(e.step)?.hosts.get(e.host)?.phases.at(-1);
        phase?.output.push({ stream: e.stream, text: e.text, ...(e.dropped ? { dropped: e.dropped } : {}) });
        break;
      }
      case 'host-end': {
        const phase = open.get(e.step)?.hosts.get(e.host)?.phases.at(-1);
        if (phase) Object.assign(phase, { state: e.state, exitCode: e.exitCode, durationMs: e.durationMs });
        break;
      }
      default:
        break;
    }
  }
  for (const step of [...open.keys()]) close(step);
  return records.sort((a, b) => a.startIndex - b.startIndex);
}

export type HostCounts = { hosts: number } & Record<HostFinalState, number>;

const WORST: HostFinalState[] = ['failed', 'timed-out', 'unreachable', 'pending', 'skipped', 'ok'];

/**
 * A run's hosts counted once each: per fleet step the last word on each host (a resume's
 * over the run's), then per host the worst over the steps. Undefined for a run with no fleet step.
 */
export function hostCounts(events: readonly RunEvent[]): HostCounts | undefined {
  const steps = fleetSteps(events);
  if (steps.length === 0) return undefined;
  const perStep = new Map<string, Map<string, HostFinalState>>();
  for (const s of steps) {
    const states = perStep.get(s.step) ?? new Map<string, HostFinalState>();
    perStep.set(s.step, states);
    for (const h of s.hosts) states.set(h.host, h.state);
    for (const h of s.pending) if (!states.has(h)) states.set(h, 'pending');
  }
  const worst = new Map<string, HostFinalState>();
  for (const states of perStep.values())
    for (const [host, state] of states) {
      const was = worst.get(host);
      if (was === undefined || WORST.indexOf(state) < WORST.indexOf(was)) worst.set(host, state);
    }
  const counts: HostCounts = { hosts: worst.size, ok: 0, failed: 0, unreachable: 0, 'timed-out': 0, skipped: 0, pending: 0 };
  for (const state of worst.values()) counts[state]++;
  return counts;
}

/** `40 hosts: 38 ok, 2 failed` (states with no host left out). */
export function hostCountsText(c: HostCounts): string {
  const parts = (['ok', 'failed', 'timed-out', 'unreachable', 'skipped', 'pending'] as const).filter((s) => c[s] > 0).map((s) => `${c[s]} ${s}`);
  return `${c.hosts} host${c.hosts === 1 ? '' : 's'}: ${parts.join(', ')}`;
}
