// A fleet step's execution: its batches in turn, `forks` hosts at a time, each host's run,
// verify and rollback over ssh, the failure budget per batch, the pause (and, with
// `confirm`, the operator's go) between batches. Every host's start, output and end goes
// through `emit`, so it joins the run log's hash chain before the run goes on.
import type { HostEndEvent, HostOutputEvent, HostStartEvent, Phase } from '../log/events.ts';
import type { Step } from '../model.ts';
import type { ExecResult } from '../run/exec.ts';
import { OutputBound, StreamRedactor } from '../run/output.ts';
import { NoAnswer, type Prompter } from '../run/prompt.ts';
import { overMaxFail } from './batches.ts';
import type { InventoryHost } from './inventory.ts';
import { pauseBetweenBatches, stopped } from './pause.ts';
import type { FleetPlan } from './plan.ts';
import { FleetProgress, lastLine, summary, type HostOutcome } from './progress.ts';
import { SshRuntime, type HostResult, type RunningHost } from './ssh.ts';

type Fields<E> = Omit<E, 'v' | 'seq' | 'prev' | 'ts' | 'run' | 'type'>;
/** Append a host event to the run log; fsync'd when `sync` is true. */
export interface FleetEmit {
  (type: 'host-start', fields: Fields<HostStartEvent>, sync: boolean): void;
  (type: 'host-output', fields: Fields<HostOutputEvent>, sync: boolean): void;
  (type: 'host-end', fields: Fields<HostEndEvent>, sync: boolean): void;
}

interface HostEvents {
  'host-start': Fields<HostStartEvent>;
  'host-output': Fields<HostOutputEvent>;
  'host-end': Fields<HostEndEvent>;
}

/** How long a written host-start or host-output may wait for its fsync. */
const SYNC_MS = 200;

export interface FleetStepContext {
  step: Step;
  plan: FleetPlan;
  /** Exported on every host before the script: parameters and OPSBOOK_* (OPSBOOK_HOST is added per host). */
  env: Record<string, string>;
  /** Secret values, redacted from output. */
  secrets: string[];
  forks: number;
  sshConfig?: string;
  timeoutMs?: number;
  graceMs?: number;
  rollbackOnFailure: boolean;
  emit: FleetEmit;
  /** fsync what `emit` wrote unsynced. */
  sync: () => void;
  out: NodeJS.WritableStream;
  prompter: Prompter;
}

export interface FleetResult extends ExecResult {
  /** Set when the operator aborted at a pause or a batch confirmation. */
  aborted?: string;
  outcomes: HostOutcome[];
}

export interface RunningFleet {
  interrupt(): void;
  kill(): void;
  done: Promise<FleetResult>;
}

class FleetRun {
  private readonly running = new Set<RunningHost>();
  private stopped = false;
  private interrupted = false;
  private readonly ssh: SshRuntime;
  private readonly progress: FleetProgress;
  private syncTimer: NodeJS.Timeout | undefined;
  private readonly halt = new AbortController();

  constructor(private readonly c: FleetStepContext) {
    // A connection per host shared by its scripts only when there is more than one to run.
    const multiplex = Boolean(c.step.verify || c.step.rollback);
    this.ssh = SshRuntime.open({ ...(c.sshConfig ? { configFile: c.sshConfig } : {}), multiplex });
    this.progress = new FleetProgress(c.out, c.plan.batches.length);
  }

  /**
   * Every host event is written before the run goes on (a kill -9 loses none). A host-end,
   * which decides what a resume runs again, is fsync'd at once, and with it all before it;
   * a host-start or host-output at most SYNC_MS later: an fsync per event held up every
   * other host's ssh while it ran.
   */
  private record<T extends keyof HostEvents>(type: T, fields: HostEvents[T]): void {
    const sync = type === 'host-end';
    (this.c.emit as (type: T, fields: HostEvents[T], sync: boolean) => void)(type, fields, sync);
    if (sync) {
      clearTimeout(this.syncTimer);
      this.syncTimer = undefined;
    } else
      this.syncTimer ??= setTimeout(() => {
        this.syncTimer = undefined;
        this.c.sync();
      }, SYNC_MS);
  }

  stop(signal: 'TERM' | 'KILL'): void {
    this.stopped = true;
    this.interrupted = true;
    // A pause or a batch confirmation in progress ends at once.
    this.halt.abort();
    for (const r of this.running)
      if (signal === 'KILL') r.killNow();
      else r.kill();
  }

  private async phase(host: InventoryHost, phase: Phase, code: string, batch: number): Promise<HostResult & { lastLine: string }> {
    const { step } = this.c;
    const emit = this.record.bind(this);
    const bound = new OutputBound();
    const redactors = { stdout: new StreamRedactor(this.c.secrets), stderr: new StreamRedactor(this.c.secrets) };
    let text = '';
    let pending: { stream: 'stdout' | 'stderr'; text: string } | undefined;
    const flush = () => {
      if (pending?.text) emit('host-output', { step: step.id, host: host.name, phase, stream: pending.stream, text: pending.text });
      pending = undefined;
    };
    const take = (stream: 'stdout' | 'stderr', safe: string) => {
      if (!safe) return;
      text = (text + safe).slice(-4096);
      const kept = bound.take(safe);
      if (!kept) return;
      if (pending && pending.stream !== stream) flush();
      pending = { stream, text: (pending?.text ?? '') + kept };
      if (pending.text.length >= 16 * 1024) flush();
    };
    const run = this.ssh.run(host, code, {
      env: { ...this.c.env, OPSBOOK_HOST: host.name },
      ...(this.c.timeoutMs ? { timeoutMs: this.c.timeoutMs } : {}),
      ...(this.c.graceMs ? { graceMs: this.c.graceMs } : {}),
      onOutput: (stream, raw) => take(stream, redactors[stream].push(raw)),
    });
    emit('host-start', { step: step.id, host: host.name, phase, batch });
    this.running.add(run);
    const timer = setInterval(flush, 250);
    const result = await run.done;
    clearInterval(timer);
    this.running.delete(run);
    take('stdout', redactors.stdout.end());
    take('stderr', redactors.stderr.end());
    flush();
    const tail = bound.finish();
    if (tail || bound.dropped) emit('host-output', { step: step.id, host: host.name, phase, stream: 'stdout', text: tail, dropped: bound.dropped });
    emit('host-end', { step: step.id, host: host.name, phase, state: result.state, exitCode: result.exitCode, durationMs: result.durationMs });
    return { ...result, lastLine: lastLine(text) };
  }

  /** Run, then verify; roll back a host that failed when told to. */
  private async host(host: InventoryHost, batch: number): Promise<HostOutcome> {
    const { step } = this.c;
    const started = Date.now();
    this.progress.hostStarted();
    const run = await this.phase(host, 'run', step.script!.code, batch);
    let outcome: HostOutcome = { host: host.name, state: run.state, exitCode: run.exitCode, lastLine: run.lastLine, phase: 'run' };
    if (run.state === 'ok' && step.verify && !this.stopped) {
      const v = await this.phase(host, 'verify', step.verify.code, batch);
      outcome = { host: host.name, state: v.state, exitCode: v.exitCode, lastLine: v.lastLine, phase: 'verify' };
    }
    this.progress.hostEnded(outcome, Date.now() - started);
    if (outcome.state !== 'ok' && this.c.rollbackOnFailure) await this.rollback(host, outcome, batch);
    // Its connection is needed no more, unless its rollback may be asked for after the batch.
    if (outcome.state === 'ok' || !step.rollback || this.c.rollbackOnFailure) void this.ssh.release(host.name);
    return outcome;
  }

  private async rollback(host: InventoryHost, outcome: HostOutcome, batch: number): Promise<void> {
    if (!this.c.step.rollback || (outcome.state === 'unreachable' && outcome.phase === 'run')) return;
    const r = await this.phase(host, 'rollback', this.c.step.rollback.code, batch);
    this.progress.line(`  rollback ${r.state === 'ok' ? 'ok' : `FAILED (${r.state}, exit ${r.exitCode ?? 'killed'})`} on ${host.name}`);
  }

  private async batch(hosts: InventoryHost[], n: number): Promise<{ outcomes: HostOutcome[]; notStarted: InventoryHost[]; over: boolean }> {
    const queue = [...hosts];
    const outcomes: HostOutcome[] = [];
    let failures = 0;
    let over = false;
    const worker = async () => {
      while (queue.length > 0 && !this.stopped && !over) {
        const o = await this.host(queue.shift()!, n);
        outcomes.push(o);
        if (o.state !== 'ok' && overMaxFail(++failures, hosts.length, this.c.plan.maxFail)) over = true;
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(this.c.forks, hosts.length)) }, worker));
    return { outcomes, notStarted: queue, over };
  }

  /** The operator's key; `a` when there is no answer to read or the step is being stopped. */
  private async ask(question: string, keys: string[]): Promise<string> {
    try {
      const answer = await Promise.race([this.c.prompter.choose(question, keys), stopped(this.halt.signal)]);
      return answer === 'stop' ? 'a' : answer;
    } catch (error) {
      if (error instanceof NoAnswer || this.stopped) return 'a';
      throw error;
    }
  }

  /** Between batches: the pause, then (with `confirm`) the operator's go. */
  private async between(n: number): Promise<string | undefined> {
    const { plan, step, out } = this.c;
    const size = plan.batches[n - 1].length;
    const next = `batch ${n}/${plan.batches.length} (${size} host${size === 1 ? '' : 's'})`;
    if (plan.pauseMs > 0) {
      const pause = await pauseBetweenBatches(plan.pauseMs, next, this.c.prompter, out, this.halt.signal);
      if (pause === 'abort') return `aborted by the operator at the pause before ${next}`;
      if (pause === 'stop') return undefined;
    }
    if (this.stopped) return undefined;
    if (step.confirm && (await this.ask(`Continue with ${next}? [c]ontinue / [a]bort `, ['c', 'a'])) === 'a')
      return `aborted by the operator before ${next} of ${step.id}`;
    return undefined;
  }

  async run(): Promise<FleetResult> {
    const { plan, step } = this.c;
    const started = performance.now();
    const outcomes: HostOutcome[] = [];
    let aborted: string | undefined;
    let stoppedAt: number | undefined;
    if (plan.batches.length === 0)
      this.c.out.write(
        plan.narrowedOut
          ? `--hosts names none of the hosts of ${step.id}; nothing to run on them.\n`
          : `Every host of ${step.id} finished ok in the earlier run; nothing to run on them.\n`,
      );
    try {
      for (const [i, hosts] of plan.batches.entries()) {
        if (this.stopped) break;
        if (i > 0 && ((aborted = await this.between(i + 1)) || this.stopped)) break;
        this.progress.startBatch(
          i + 1,
          hosts.map((h) => h.name),
        );
        const result = await this.batch(hosts, i + 1);
        outcomes.push(...result.outcomes);
        this.progress.endBatch();
        const failed = result.outcomes.filter((o) => o.state !== 'ok');
        if (failed.length && step.rollback && !this.c.rollbackOnFailure && !this.stopped) {
          if (
            (await this.ask(`${failed.length} host${failed.length === 1 ? '' : 's'} failed in this batch. [r]ollback them / [k]eep as they are? `, [
              'r',
              'k',
            ])) === 'r'
          ) {
            for (const o of failed)
              await this.rollback(
                hosts.find((h) => h.name === o.host)!,
                o,
                i + 1,
              );
          }
        }
        if (result.over) {
          stoppedAt = i + 1;
          this.c.out.write(`Batch ${i + 1}: ${failed.length} of ${hosts.length} hosts failed, over max_fail; stopping the roll.\n`);
          break;
        }
      }
    } finally {
      clearTimeout(this.syncTimer);
      this.syncTimer = undefined;
      this.c.sync();
      await this.ssh.close();
    }
    const ran = new Set(outcomes.map((o) => o.host));
    for (const h of plan.batches.flat()) if (!ran.has(h.name)) outcomes.push({ host: h.name, state: 'pending', exitCode: null, lastLine: '', phase: 'run' });
    const order = plan.batches.flat().map((h) => h.name);
    const lines = summary(outcomes.sort((a, b) => order.indexOf(a.host) - order.indexOf(b.host)));
    this.c.out.write(
      `Summary of ${step.id}${stoppedAt ? ` (stopped after batch ${stoppedAt}/${plan.batches.length})` : ''}:\n${lines.map((l) => `  ${l}\n`).join('')}`,
    );
    const ok = outcomes.every((o) => o.state === 'ok');
    return {
      exitCode: ok ? 0 : 1,
      signal: null,
      timedOut: false,
      interrupted: this.interrupted,
      durationMs: Math.round(performance.now() - started),
      outcomes,
      ...(aborted ? { aborted } : {}),
    };
  }
}

export function startFleetStep(context: FleetStepContext): RunningFleet {
  const run = new FleetRun(context);
  return { interrupt: () => run.stop('TERM'), kill: () => run.stop('KILL'), done: run.run() };
}
