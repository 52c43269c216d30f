// The guided run of one runbook: show each step, confirm, execute, verify, offer rollback,
// and write every action to the run log before going on. It never exits the process: Ctrl-C,
// a stop signal or a log that cannot be written end the step's process group, log what they
// can, and make `run` return the outcome (see outcome.ts for the exit codes).
// Longer than most modules (about 400 lines): one class whose methods share the run's state
// (the running step, a pending stop, the log, a hung-up terminal); what does not need that
// state lives beside it (display, environment, output, run-log, outcome, src/fleet).
import type { Writable } from 'node:stream';
import { hostname } from 'node:os';
import { parseDuration } from '../parse/duration.ts';
import type { RunMode, Via } from '../log/events.ts';
import type { LogWriter } from '../log/writer.ts';
import type { Org, Runbook, Script, Step } from '../model.ts';
import { stepDisplay, type Style } from './display.ts';
import { stepEnv } from './environment.ts';
import { startScript, type ExecResult, type RunningScript } from './exec.ts';
import type { Outcome, StopSignal } from './outcome.ts';
import { NoAnswer, type Prompter } from './prompt.ts';
import { LogFailed, RunLog } from './run-log.ts';
import { StepOutput, type Stream } from './step-output.ts';
import { planFleet, planText, type FleetOptions } from '../fleet/plan.ts';
import { startFleetStep, type FleetEmit } from '../fleet/run-fleet.ts';

export interface RunSettings {
  runbook: Runbook;
  org: Org;
  values: Record<string, string>;
  /** Names of the secret parameters: their values are redacted from output and never logged. */
  secretNames: string[];
  /** Steps to run, in order. */
  steps: Step[];
  yes: boolean;
  rollbackOnFailure: boolean;
  /** `--timeout`: overrides step and runbook timeouts. */
  timeoutMs?: number;
  graceMs?: number;
  cwd: string;
  env: NodeJS.ProcessEnv;
  operatorId: string;
  /** Fleet steps (`hosts`): inventory, --forks, --ssh-config, --hosts, the resumed run's events. */
  fleet?: FleetOptions;
}

export interface Ui extends Style {
  out: NodeJS.WritableStream;
  err: NodeJS.WritableStream;
  prompter: Prompter;
}

export type { Outcome } from './outcome.ts';

/** What the `run-start` event records beside the runbook. */
export interface StartFields {
  operator: { id: string; name: string; user: string; tier?: 'I' | 'II' | 'III' };
  override?: { reason: string; required: 'I' | 'II' | 'III' };
  commit?: string;
  version: string;
  options: Record<string, unknown>;
  /** Each step's content hash, so that a resume can tell which steps changed. */
  steps?: Record<string, string>;
}

export interface ResumeFields {
  from: string;
  changed: boolean;
  torn: boolean;
}

class Aborted extends Error {}

export class Runner {
  /** The running step (a script, or a fleet step's hosts): what Ctrl-C and stop signals end. */
  private current: Pick<RunningScript, 'interrupt' | 'kill'> | undefined;
  private interrupts = 0;
  /** Set once the run must end after the running step: why, and the outcome to return. */
  private stop: { reason: string; outcome: Outcome } | undefined;
  private readonly log: RunLog;
  /** SIGHUP or a failed write: the terminal is gone, so nothing more is written to it. */
  private hungUp = false;
  /** The step being shown, asked about or run. */
  private at: string | undefined;
  private readonly started = Date.now();
  private get secretValues(): string[] {
    return this.s.secretNames.map((n) => this.s.values[n]).filter((v): v is string => v !== undefined);
  }

  constructor(
    private readonly s: RunSettings,
    writer: LogWriter,
    private readonly ui: Ui,
  ) {
    // A log that cannot be written ends the running step's group and any question at once.
    this.log = new RunLog(writer, (failure) => {
      this.current?.interrupt();
      this.ui.prompter.cancel(failure);
    });
    // A terminal that hung up (or a closed pipe) fails every write: nothing more is shown,
    // and the run stops as on SIGHUP (no step runs that nobody sees), logging its end
    // instead of dying mid-step.
    const gone = (): void => {
      this.hungUp = true;
      if (!this.stop) this.onStopSignal('SIGPIPE');
    };
    ui.out.on('error', gone);
    ui.err.on('error', gone);
    // What was shown before the runner listened (the run's header) may have failed already.
    if ([ui.out, ui.err].some((stream) => (stream as Partial<Writable>).errored)) gone();
  }

  private out(text: string): void {
    if (!this.hungUp) this.ui.out.write(text);
  }

  private err(text: string): void {
    if (!this.hungUp) this.ui.err.write(text);
  }

  /**
   * Ctrl-C: the first stops the running step (then asks); the second aborts the run. A step
   * still running then is killed at once, and the run ends when its last output and its end
   * are in the log; with no step running (at a question) the run ends at once.
   */
  onInterrupt(): void {
    this.interrupts++;
    if (this.current && this.interrupts === 1 && !this.stop) {
      this.err('\nInterrupted: stopping the step (Ctrl-C again aborts the run)…\n');
      this.current.interrupt();
      return;
    }
    this.stop ??= { reason: this.interrupts > 1 ? 'interrupted twice (Ctrl-C)' : 'interrupted (Ctrl-C)', outcome: 'aborted-by-interrupt' };
    if (this.current) {
      this.err('\nAborting: killing the step…\n');
      this.current.kill();
      return;
    }
    this.ui.prompter.cancel(new Aborted(this.stop.reason));
  }

  /**
   * SIGTERM, SIGHUP or SIGQUIT: the running step's group is ended as on Ctrl-C (TERM, then
   * KILL after the grace), its end, an `abort` and the `run-end` are logged, and the run
   * ends. A second stop signal kills the group at once.
   */
  onStopSignal(signal: StopSignal): void {
    if (signal === 'SIGHUP' || signal === 'SIGPIPE') this.hungUp = true;
    if (this.stop?.outcome === `aborted-by-${signal}`) {
      this.current?.kill();
      return;
    }
    this.stop = { reason: signal === 'SIGPIPE' ? 'the output was closed (SIGPIPE)' : `${signal} received`, outcome: `aborted-by-${signal}` };
    this.err(`\n${this.stop.reason}: ${this.current ? 'stopping the step, then ' : ''}ending the run…\n`);
    if (this.current) this.current.interrupt();
    else this.ui.prompter.cancel(new Aborted(this.stop.reason));
  }

  private timeout(step: Step): number | undefined {
    if (this.s.timeoutMs !== undefined) return this.s.timeoutMs;
    if (step.timeoutMs !== undefined) return step.timeoutMs;
    const fallback = this.s.runbook.meta.timeout ? parseDuration(this.s.runbook.meta.timeout) : undefined;
    return fallback;
  }

  private async exec(step: Step, script: Script, phase: 'run' | 'verify' | 'rollback'): Promise<ExecResult> {
    const output = new StepOutput(this.secretValues, {
      log: (stream: Stream, text: string, dropped?: number) => this.log.output({ step: step.id, phase, stream, text, ...(dropped ? { dropped } : {}) }),
      sync: () => this.log.sync(),
      show: (stream: Stream, text: string) => (stream === 'stdout' ? this.out(text) : this.err(text)),
    });
    const running = startScript(script, {
      env: stepEnv(
        { env: this.s.env, values: this.s.values, runbookId: this.s.runbook.meta.id, operatorId: this.s.operatorId, cwd: this.s.cwd },
        this.log.run,
        step,
      ),
      cwd: this.s.cwd,
      timeoutMs: this.timeout(step),
      graceMs: this.s.graceMs,
      onOutput: (stream, raw) => output.push(stream, raw),
      secretNames: this.s.secretNames,
    });
    this.current = running;
    try {
      this.log.event('step-start', {
        step: step.id,
        index: step.index,
        title: step.title,
        kind: 'exec',
        phase,
        engine: script.engine,
        ...(running.pid ? { pid: running.pid } : {}),
        ...(running.pidStart ? { pidStart: running.pidStart } : {}),
      });
    } catch (error) {
      // The failed log has already ended the step's group: wait for its end.
      await running.done;
      this.current = undefined;
      throw error;
    }
    const result = await running.done;
    this.current = undefined;
    output.end();
    const ok = result.exitCode === 0 && !result.timedOut && !result.interrupted;
    this.log.event('step-end', {
      step: step.id,
      phase,
      ok,
      exitCode: result.exitCode,
      signal: result.signal,
      durationMs: result.durationMs,
      ...(result.timedOut ? { timedOut: true } : {}),
      ...(result.interrupted ? { interrupted: true } : {}),
    });
    if (this.stop) throw new Aborted(`${this.stop.reason} at ${step.id}`);
    return result;
  }

  private async ask(question: string, keys: string[]): Promise<string> {
    try {
      return await this.ui.prompter.choose(question, keys);
    } catch (error) {
      if (error instanceof NoAnswer) throw new NoAnswer(`${question.trim()} (pass --yes to run unattended; steps marked confirm always need a terminal)`);
      throw error;
    }
  }

  private show(step: Step, position: number): void {
    this.out(stepDisplay(step, position, this.s.steps.length, this.ui));
    if (step.hosts && step.kind === 'exec') this.out(planText(step, planFleet(step, this.s.values, this.s.fleet ?? { forks: 10 })));
  }

  private async rollback(step: Step, via: Via): Promise<void> {
    if (!step.rollback) return;
    this.log.event('confirm', { step: step.id, action: 'rollback', via });
    const r = await this.exec(step, step.rollback, 'rollback');
    this.out(r.exitCode === 0 ? 'Rollback finished.\n' : `Rollback FAILED (exit ${r.exitCode}). Escalate now.\n`);
  }

  /** A step with `hosts`: its script runs on each host over ssh (src/fleet), recorded per host. */
  private async fleetStep(step: Step): Promise<'ok' | 'failed'> {
    const options = this.s.fleet ?? { forks: 10 };
    const plan = planFleet(step, this.s.values, options);
    if (plan.problems.length) {
      this.err(planText(step, plan));
      return 'failed';
    }
    const hosts = plan.batches.flat().map((h) => h.name);
    this.log.event('step-start', { step: step.id, index: step.index, title: step.title, kind: 'exec', phase: 'run', engine: 'bash', hosts });
    // Only the parameters and opsbook's own names travel to the hosts, never the local environment.
    const env = {
      ...this.s.values,
      OPSBOOK_RUN_ID: this.log.run,
      OPSBOOK_RUNBOOK_ID: this.s.runbook.meta.id,
      OPSBOOK_STEP_ID: step.id,
      OPSBOOK_OPERATOR: this.s.operatorId,
    };
    const timeoutMs = this.timeout(step);
    const emit = ((type: 'host-start' | 'host-output' | 'host-end', fields: object, sync: boolean) => this.log.event(type, fields as never, sync)) as FleetEmit;
    const fleet = startFleetStep({
      step,
      plan,
      env,
      secrets: this.secretValues,
      forks: options.forks,
      ...(options.sshConfig ? { sshConfig: options.sshConfig } : {}),
      ...(timeoutMs ? { timeoutMs } : {}),
      ...(this.s.graceMs ? { graceMs: this.s.graceMs } : {}),
      rollbackOnFailure: this.s.rollbackOnFailure,
      emit,
      sync: () => this.log.sync(),
      out: this.ui.out,
      prompter: this.ui.prompter,
    });
    this.current = fleet;
    const r = await fleet.done;
    this.current = undefined;
    // Verified on every host: the step is finished as a step with a verify is (resume skips it).
    this.log.event('step-end', {
      step: step.id,
      phase: step.verify && r.exitCode === 0 ? 'verify' : 'run',
      ok: r.exitCode === 0,
      exitCode: r.exitCode,
      durationMs: r.durationMs,
      ...(r.interrupted ? { interrupted: true } : {}),
    });
    if (r.aborted || this.stop) throw new Aborted(r.aborted ?? `${this.stop!.reason} at ${step.id}`);
    return r.exitCode === 0 ? 'ok' : 'failed';
  }

  private async runStep(step: Step): Promise<'ok' | 'failed'> {
    if (step.kind === 'manual') {
      if (this.s.yes && !step.confirm && !this.ui.prompter.interactive) {
        this.log.event('skip', { step: step.id, via: 'yes', reason: 'manual step not confirmed: run unattended with --yes' });
        this.out('Manual step: not confirmed (unattended run); recorded as skipped.\n');
        return 'ok';
      }
      const answer = await this.ask('[d]one / [s]kip / [a]bort? ', ['d', 's', 'a']);
      if (answer === 'a') throw new Aborted(`aborted by the operator at ${step.id}`);
      if (answer === 's') this.log.event('skip', { step: step.id, via: 'prompt' });
      else this.log.event('confirm', { step: step.id, action: 'done', via: 'prompt' });
      return 'ok';
    }
    let via: Via = 'yes';
    if (step.confirm || !this.s.yes) {
      const answer = await this.ask('[r]un / [s]kip / [a]bort? ', ['r', 's', 'a']);
      if (answer === 'a') throw new Aborted(`aborted by the operator at ${step.id}`);
      if (answer === 's') {
        this.log.event('skip', { step: step.id, via: 'prompt' });
        return 'ok';
      }
      via = 'prompt';
    }
    this.log.event('confirm', { step: step.id, action: 'run', via });
    this.interrupts = 0;
    if (step.hosts) return this.fleetStep(step);
    const result = await this.exec(step, step.script!, 'run');
    let failed = result.exitCode !== 0 || result.timedOut || result.interrupted;
    let why = result.timedOut ? 'timed out' : result.interrupted ? 'interrupted' : `exit ${result.exitCode ?? result.signal}`;
    if (!failed && step.verify) {
      const v = await this.exec(step, step.verify, 'verify');
      if (v.exitCode !== 0 || v.timedOut || v.interrupted) {
        failed = true;
        why = `verify failed (${v.timedOut ? 'timed out' : `exit ${v.exitCode ?? v.signal}`})`;
      }
    }
    if (!failed) {
      this.out(`${this.ui.bold('ok')} ${step.id}\n`);
      return 'ok';
    }
    this.err(`Step ${step.id} failed: ${why}.\n`);
    if (step.rollback) {
      if (this.s.rollbackOnFailure) await this.rollback(step, 'yes');
      else {
        let answer = 'a';
        try {
          answer = await this.ask('[r]ollback / [a]bort? ', ['r', 'a']);
        } catch (error) {
          if (!(error instanceof NoAnswer)) throw error;
          this.err('No terminal to ask whether to roll back: not rolling back (use --rollback-on-failure).\n');
        }
        if (answer === 'r') await this.rollback(step, 'prompt');
      }
    }
    return 'failed';
  }

  /** Run the steps; resolves once the log has the run's last event (or cannot be written). */
  async run(mode: RunMode, startFields: StartFields, resume?: ResumeFields): Promise<Outcome> {
    try {
      return await this.steps(mode, startFields, resume);
    } catch (error) {
      if (!(error instanceof LogFailed)) throw error;
      this.err(`Run stopped: ${error.message}; ${this.at ? `step ${this.at} was stopped and ` : ''}no further step was run.\n`);
      return 'log-failed';
    }
  }

  private async steps(mode: RunMode, startFields: StartFields, resume: ResumeFields | undefined): Promise<Outcome> {
    const { runbook } = this.s;
    const parameters: Record<string, string> = {};
    for (const [k, v] of Object.entries(this.s.values)) parameters[k] = this.s.secretNames.includes(k) ? '[redacted]' : v;
    if (resume) this.log.event('run-resume', { from: resume.from, hash: runbook.hash, changed: resume.changed, ...(resume.torn ? { torn: true } : {}) });
    else {
      this.log.event('run-start', {
        runbook: {
          id: runbook.meta.id,
          path: runbook.path,
          hash: runbook.hash,
          title: runbook.meta.title,
          tier: runbook.meta.tier,
          ...(startFields.commit ? { commit: startFields.commit } : {}),
        },
        mode,
        operator: startFields.operator,
        host: hostname(),
        parameters,
        options: startFields.options,
        ...(startFields.override ? { override: startFields.override } : {}),
        version: startFields.version,
        ...(startFields.steps ? { steps: startFields.steps } : {}),
      });
    }
    if (mode === 'dry-run') {
      for (const [i, step] of this.s.steps.entries()) this.show(step, i + 1);
      this.log.event('run-end', { result: 'succeeded', durationMs: Date.now() - this.started });
      this.out(`\nDry run: nothing was executed. Log: ${this.log.file}\n`);
      return 'succeeded';
    }
    let failedStep: string | undefined;
    try {
      for (const [i, step] of this.s.steps.entries()) {
        if (this.stop) throw new Aborted(`${this.stop.reason} before ${step.id}`);
        this.at = step.id;
        this.show(step, i + 1);
        if ((await this.runStep(step)) === 'failed') {
          failedStep = step.id;
          break;
        }
      }
    } catch (error) {
      if (error instanceof Aborted || error instanceof NoAnswer) {
        this.log.event('abort', { ...(this.at ? { step: this.at } : {}), reason: error.message });
        this.log.event('run-end', { result: 'aborted', durationMs: Date.now() - this.started });
        this.err(`Run aborted: ${error.message}\nLog: ${this.log.file}\n`);
        return this.stop?.outcome ?? 'aborted';
      }
      throw error;
    }
    const result: Outcome = failedStep ? 'failed' : 'succeeded';
    this.log.event('run-end', { result, durationMs: Date.now() - this.started, ...(failedStep ? { failedStep } : {}) });
    this.out(`\nRun ${result}${failedStep ? ` at ${failedStep}` : ''}. Log: ${this.log.file}\n`);
    return result;
  }
}
