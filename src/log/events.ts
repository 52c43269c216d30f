// Run-log events: the TypeScript view of schemas/run-log.schema.json (a test keeps them in step).
// A log is one JSON Lines file per run; every line is one of these events.
import type { Tier } from '../model.ts';
import type { HostCounts } from './fleet-hosts.ts';

export type Phase = 'run' | 'verify' | 'rollback';
export type Via = 'prompt' | 'yes' | 'browser';
export type RunMode = 'terminal' | 'browser' | 'dry-run';
export type RunResult = 'succeeded' | 'failed' | 'aborted';

/** Fields on every line: format version, sequence, hash chain, time, run id. */
export interface EventBase {
  v: 1;
  seq: number;
  /** SHA-256 (hex) of the previous line's bytes; 64 zeros on the first line. */
  prev: string;
  /** ISO 8601 UTC with milliseconds. */
  ts: string;
  run: string;
}

export interface RunStartEvent extends EventBase {
  type: 'run-start';
  runbook: { id: string; path: string; hash: string; title: string; tier: Tier; commit?: string };
  mode: RunMode;
  operator: { id?: string; name: string; user?: string; tier?: Tier };
  host: string;
  /** The incident or change ticket (a browser record's, e.g. `INC-123`). */
  ticket?: string;
  /** Secret values are always `[redacted]`. */
  parameters: Record<string, string>;
  options?: {
    yes?: boolean;
    from?: string;
    only?: string;
    timeout?: string;
    rollbackOnFailure?: boolean;
    inventory?: string;
    sshConfig?: string;
    hosts?: string;
    forks?: number;
  };
  override?: { reason: string; required?: Tier };
  version?: string;
  /** Content hash of each step by id (see src/run/step-hash.ts), so a resume can tell which steps changed. */
  steps?: Record<string, string>;
}
export interface RunResumeEvent extends EventBase {
  type: 'run-resume';
  from: string;
  hash: string;
  changed: boolean;
  torn?: boolean;
}
export interface StepStartEvent extends EventBase {
  type: 'step-start';
  step: string;
  index: number;
  title?: string;
  kind: 'exec' | 'manual';
  phase: Phase;
  engine?: 'bash' | 'zx';
  /** A fleet step: the hosts this run (or resume) is to run it on, in batch order. */
  hosts?: string[];
  pid?: number;
  pidStart?: string;
}
export interface StepOutputEvent extends EventBase {
  type: 'step-output';
  step: string;
  phase: Phase;
  stream: 'stdout' | 'stderr';
  text: string;
  dropped?: number;
}
export interface StepEndEvent extends EventBase {
  type: 'step-end';
  step: string;
  phase: Phase;
  ok: boolean;
  exitCode: number | null;
  signal?: string | null;
  durationMs: number;
  timedOut?: boolean;
  interrupted?: boolean;
}
export interface ConfirmEvent extends EventBase {
  type: 'confirm';
  step: string;
  action: 'run' | 'done' | 'rollback';
  via: Via;
}
export interface SkipEvent extends EventBase {
  type: 'skip';
  step: string;
  via: Via;
  reason?: string;
}
export interface AbortEvent extends EventBase {
  type: 'abort';
  step?: string;
  reason: string;
}
export interface RunEndEvent extends EventBase {
  type: 'run-end';
  result: RunResult;
  durationMs: number;
  failedStep?: string;
  closed?: boolean;
  /** The signed final head (a run signed with --signing-key). */
  signature?: Signature;
}
/**
 * An SSH signature (`ssh-keygen -Y sign -n opsbook-run`) over the run id, the runbook's hash,
 * the event count and the head: the SHA-256 of the signed line without this field.
 */
export interface Signature {
  /** Lines of the log up to and including the signed one. */
  events: number;
  head: string;
  /** The armored `-----BEGIN SSH SIGNATURE-----` text. */
  ssh: string;
}
/** After each step-end of a signed run (no step: the end of a record signed at import): the log is anchored up to here. */
export interface CheckpointEvent extends EventBase {
  type: 'checkpoint';
  step?: string;
  phase?: Phase;
  signature: Signature;
}
export interface LockHolderRecord {
  pid: number;
  pidStart?: string;
  host: string;
  since: string;
}
export interface LockTakeoverEvent extends EventBase {
  type: 'lock-takeover';
  holder: LockHolderRecord;
}
export interface StepProcessEvent extends EventBase {
  type: 'step-process';
  step: string;
  phase: Phase;
  pid: number;
  pidStart?: string;
  running: boolean;
  waitedMs?: number;
}
export interface ParameterChange {
  name: string;
  from?: string;
  to?: string;
}
export interface ParametersChangedEvent extends EventBase {
  type: 'parameters-changed';
  changes: ParameterChange[];
  via: 'prompt' | 'yes';
}
export interface StepChange {
  id: string;
  hash: string;
  change: 'changed' | 'added';
}
export interface StepsChangedEvent extends EventBase {
  type: 'steps-changed';
  steps: StepChange[];
  via: 'prompt' | 'accept-changes';
}

/** What became of one host of a fleet step. */
export type HostEndState = 'ok' | 'failed' | 'unreachable' | 'timed-out' | 'skipped';
export interface HostStartEvent extends EventBase {
  type: 'host-start';
  step: string;
  host: string;
  phase: Phase;
  batch: number;
  pid?: number;
}
export interface HostOutputEvent extends EventBase {
  type: 'host-output';
  step: string;
  host: string;
  phase: Phase;
  stream: 'stdout' | 'stderr';
  text: string;
  dropped?: number;
}
export interface HostEndEvent extends EventBase {
  type: 'host-end';
  step: string;
  host: string;
  phase: Phase;
  state: HostEndState;
  exitCode: number | null;
  durationMs: number;
}

export type RunEvent =
  | RunStartEvent
  | RunResumeEvent
  | StepStartEvent
  | StepOutputEvent
  | StepEndEvent
  | ConfirmEvent
  | SkipEvent
  | AbortEvent
  | RunEndEvent
  | CheckpointEvent
  | LockTakeoverEvent
  | StepProcessEvent
  | ParametersChangedEvent
  | StepsChangedEvent
  | HostStartEvent
  | HostOutputEvent
  | HostEndEvent;
export type RunEventType = RunEvent['type'];

/** What the audit and `opsbook log list` need of one run log. */
export interface RunSummary {
  run: string;
  /** Log file path relative to the working directory. */
  file: string;
  runbookId: string;
  runbookHash: string;
  mode: RunMode;
  operator: string;
  startedAt: string;
  endedAt?: string;
  /** `incomplete` when the log has no run-end (crashed, still running, or a browser record left open). */
  result: RunResult | 'incomplete';
  /** Whether `opsbook log verify` passes on the file. */
  verified: boolean;
  /** A run with fleet steps: its hosts, each counted once (see src/log/fleet-hosts.ts). */
  hosts?: HostCounts;
}
