// What a fleet step will do: its hosts (minus those a resumed run finished and those
// `--hosts` leaves out), cut into batches, with its failure budget and pause. Pure.
import type { RunEvent } from '../log/events.ts';
import type { Step } from '../model.ts';
import { parseDuration } from '../parse/duration.ts';
import { parseMaxFail, parseSerial, serialBatches, type Amount } from './batches.ts';
import type { Inventory, InventoryHost } from './inventory.ts';
import { narrowHosts, selectHosts } from './select.ts';

export interface FleetOptions {
  inventory?: Inventory;
  /** `--forks`: ssh connections at a time (default 10). */
  forks: number;
  /** `--ssh-config`. */
  sshConfig?: string;
  /** `--hosts`: only these hosts. */
  hosts?: string;
  /** Events of the run being resumed: hosts it finished are not run again. */
  previous?: RunEvent[];
  /** The run's steps: a `--hosts` name of another fleet step is no problem for this one. */
  steps?: Step[];
}

export interface FleetPlan {
  batches: InventoryHost[][];
  /** Hosts a resumed run finished `ok` already. */
  done: string[];
  /** `--hosts` names none of the step's hosts (only hosts of other fleet steps). */
  narrowedOut: boolean;
  maxFail: Amount;
  pauseMs: number;
  /** Why the step cannot run, one sentence each (empty when it can). */
  problems: string[];
}

/** Hosts whose last host-end of `step` in `events` is `ok` at the phase that finishes it (verify when there is one). */
export function finishedHosts(events: readonly RunEvent[], step: Pick<Step, 'id' | 'verify'>): Set<string> {
  const last = new Map<string, boolean>();
  const final = step.verify ? 'verify' : 'run';
  for (const e of events) {
    if (e.type !== 'host-end' || e.step !== step.id || e.phase === 'rollback') continue;
    if (e.phase === final || e.state !== 'ok') last.set(e.host, e.phase === final && e.state === 'ok');
  }
  return new Set([...last].filter(([, ok]) => ok).map(([h]) => h));
}

export function planFleet(step: Step, values: Record<string, string>, options: FleetOptions): FleetPlan {
  const problems: string[] = [];
  const selection = selectHosts(step.hosts ?? '', values, options.inventory);
  problems.push(...selection.problems);
  const narrowed = narrowHosts(selection.hosts, options.hosts);
  if (options.hosts !== undefined && !options.hosts.trim()) problems.push('--hosts names no host');
  const elsewhere = new Set(
    (options.steps ?? []).filter((s) => s.hosts && s.id !== step.id).flatMap((s) => selectHosts(s.hosts!, values, options.inventory).hosts.map((h) => h.name)),
  );
  const unknown = narrowed.unknown.filter((h) => !elsewhere.has(h));
  if (unknown.length)
    problems.push(
      `--hosts names ${unknown.map((h) => `\`${h}\``).join(', ')}, not among the hosts of ${options.steps ? 'any fleet step' : `step \`${step.id}\``}`,
    );
  const finished = options.previous ? finishedHosts(options.previous, step) : new Set<string>();
  const hosts = narrowed.hosts.filter((h) => !finished.has(h.name));
  for (const h of hosts) if (h.name.startsWith('-')) problems.push(`host \`${h.name}\` starts with \`-\`; ssh would read it as an option`);
  const serial = step.serial === undefined ? undefined : parseSerial(step.serial);
  if (step.serial !== undefined && !serial) problems.push(`\`serial="${step.serial}"\` is not a list of counts and percentages (e.g. \`1,5,25%\`)`);
  const maxFail = step.maxFail === undefined ? { count: 0 } : parseMaxFail(step.maxFail);
  if (!maxFail) problems.push(`\`max_fail="${step.maxFail}"\` is not a count or a percentage (e.g. \`0\`, \`10%\`)`);
  const pauseMs = step.pause === undefined ? 0 : parseDuration(step.pause);
  if (pauseMs === undefined) problems.push(`\`pause="${step.pause}"\` is not a duration (e.g. \`30s\`, \`30m\`)`);
  if (selection.hosts.length === 0 && selection.problems.length === 0) problems.push(`\`hosts="${step.hosts}"\` names no host`);
  return {
    batches: serialBatches(hosts, serial),
    done: narrowed.hosts.filter((h) => finished.has(h.name)).map((h) => h.name),
    narrowedOut: options.hosts !== undefined && narrowed.hosts.length === 0 && selection.hosts.length > 0,
    maxFail: maxFail ?? { count: 0 },
    pauseMs: pauseMs ?? 0,
    problems,
  };
}

function amount(a: Amount): string {
  return 'count' in a ? String(a.count) : `${a.percent}%`;
}

/** The plan as `--dry-run` and the step's header show it. */
export function planText(step: Step, plan: FleetPlan): string {
  if (plan.problems.length) return plan.problems.map((p) => `Cannot run on the hosts: ${p}.\n`).join('');
  const total = plan.batches.reduce((n, b) => n + b.length, 0);
  const lines = [
    `Hosts: ${total} in ${plan.batches.length} batch${plan.batches.length === 1 ? '' : 'es'} (hosts="${step.hosts}"${step.serial ? `, serial="${step.serial}"` : ''}, max_fail=${amount(plan.maxFail)} per batch${step.pause ? `, pause ${step.pause}` : ''})`,
  ];
  if (plan.narrowedOut) lines.push('--hosts names none of its hosts: nothing to run on them.');
  if (plan.done.length) lines.push(`Done in the earlier run, not run again: ${plan.done.join(' ')}`);
  for (const [i, batch] of plan.batches.entries()) lines.push(`  batch ${i + 1}/${plan.batches.length}: ${batch.map((h) => h.name).join(' ')}`);
  return `${lines.join('\n')}\n`;
}
