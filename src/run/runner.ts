// The guided run of one runbook: show each step, confirm, execute, verify, offer rollback,
// and write every action to the run log before going on.
import { hostname } from 'node:os';
import { parseDuration } from '../parse/duration.ts';
import type { EventBody } from '../log/chain.ts';
import type { RunEvent, RunMode, Via } from '../log/events.ts';
import type { LogWriter } from '../log/writer.ts';
import type { Org, Runbook, Script, Step } from '../model.ts';
import { OutputBound, StreamRedactor, startScript, type ExecResult, type RunningScript } from './exec.ts';
import { NoAnswer, type Prompter } from './prompt.ts';
import { planFleet, planText, type FleetOptions } from '../fleet/plan.ts';
import { startFleetStep } from '../fleet/run-fleet.ts';

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

export interface Ui {
  out: NodeJS.WritableStream;
  err: NodeJS.WritableStream;
  prompter: Prompter;
  bold: (text: string) => string;
  dim: (text: string) => string;
}

export type Outcome = 'succeeded' | 'failed' | 'aborted';

const PASS_ENV = ['PATH', 'HOME', 'USER', 'LOGNAME', 'SHELL', 'LANG', 'LC_ALL', 'LC_CTYPE', 'TERM', 'TZ', 'TMPDIR', 'SSH_AUTH_SOCK', 'SSH_AGENT_PID', 'NO_COLOR'];

class Aborted extends Error {}

export class Runner {
  private current: RunningScript | undefined;
  private interrupts = 0;
  private readonly started = Date.now();
  private get secretValues(): string[] {
    return this.s.secretNames.map((n) => this.s.values[n]).filter((v): v is string => v !== undefined);
  }

  constructor(
    private readonly s: RunSettings,
    private readonly log: LogWriter,
    private readonly ui: Ui,
  ) {}

  private emit(body: EventBody): RunEvent {
    return this.log.append(body);
  }

  private event<T extends EventBody['type']>(type: T, fields: Omit<Extract<EventBody, { type: T }>, 'type' | 'ts' | 'run'>): void {
    this.emit({ ts: new Date().toISOString(), run: this.log.run, type, ...fields } as unknown as EventBody);
  }

  /**
   * Ctrl-C: the first stops the running step (then asks); the second aborts the run. A step
   * still running then is killed at once, and the run ends when its last output and its end
   * are in the log; with no step running (at a question) the run ends at once.
   */
  onInterrupt(): void {
    this.interrupts++;
    if (this.current && this.interrupts === 1) {
      this.ui.err.write('\nInterrupted: stopping the step (Ctrl-C again aborts the run)…\n');
      this.current.interrupt();
      return;
    }
    this.abortedByInterrupt = true;
    if (this.current) {
      this.ui.err.write('\nAborting: killing the step…\n');
      this.current.kill();
      return;
    }
    this.abortNow(this.interrupts > 1 ? 'interrupted twice (Ctrl-C)' : 'interrupted (Ctrl-C)');
  }

  /** The run was aborted by a second Ctrl-C (the CLI exits 130). */
  abortedByInterrupt = false;

  private aborting = false;
  private abortNow(reason: string): void {
    if (this.aborting) return;
    this.aborting = true;
    this.event('abort', { reason });
    this.event('run-end', { result: 'aborted', durationMs: Date.now() - this.started });
    this.ui.err.write(`Run aborted: ${reason}. Log: ${this.log.file}\n`);
    this.log.close();
    process.exit(130);
  }

  private env(step: Step): Record<string, string> {
    const env: Record<string, string> = {};
    for (const name of PASS_ENV) if (this.s.env[name] !== undefined) env[name] = this.s.env[name]!;
    Object.assign(env, this.s.values, {
      OPSBOOK_RUN_ID: this.log.run,
      OPSBOOK_RUNBOOK_ID: this.s.runbook.meta.id,
      OPSBOOK_STEP_ID: step.id,
      OPSBOOK_OPERATOR: this.s.operatorId,
      OPSBOOK_WORKDIR: this.s.cwd,
    });
    return env;
  }

  private timeout(step: Step): number | undefined {
    if (this.s.timeoutMs !== undefined) return this.s.timeoutMs;
    if (step.timeoutMs !== undefined) return step.timeoutMs;
    const fallback = this.s.runbook.meta.timeout ? parseDuration(this.s.runbook.meta.timeout) : undefined;
    return fallback;
  }

  private async exec(step: Step, script: Script, phase: 'run' | 'verify' | 'rollback'): Promise<ExecResult> {
    const bound = new OutputBound();
    const redactors = { stdout: new StreamRedactor(this.secretValues), stderr: new StreamRedactor(this.secretValues) };
    let pending: { stream: 'stdout' | 'stderr'; text: string } | undefined;
    const show = (stream: 'stdout' | 'stderr', text: string) => {
      if (!text) return;
      (stream === 'stdout' ? this.ui.out : this.ui.err).write(text);
      const kept = bound.take(text);
      if (!kept) return;
      if (pending && pending.stream !== stream) flush();
      pending = { stream, text: (pending?.text ?? '') + kept };
      if (pending.text.length >= 16 * 1024) flush();
    };
    const flush = () => {
      if (pending && pending.text) this.event('step-output', { step: step.id, phase, stream: pending.stream, text: pending.text });
      pending = undefined;
    };
    const running = startScript(script, {
      env: this.env(step),
      cwd: this.s.cwd,
      timeoutMs: this.timeout(step),
      graceMs: this.s.graceMs,
      onOutput: (stream, raw) => show(stream, redactors[stream].push(raw)),
    });
    this.event('step-start', { step: step.id, index: step.index, title: step.title, kind: 'exec', phase, engine: script.engine, ...(running.pid ? { pid: running.pid } : {}) });
    this.current = running;
    const timer = setInterval(flush, 200);
    const result = await running.done;
    clearInterval(timer);
    this.current = undefined;
    show('stdout', redactors.stdout.end());
    show('stderr', redactors.stderr.end());
    flush();
    const tail = bound.finish();
    if (tail || bound.dropped) this.event('step-output', { step: step.id, phase, stream: 'stdout', text: tail, dropped: bound.dropped });
    const ok = result.exitCode === 0 && !result.timedOut && !result.interrupted;
    this.event('step-end', { step: step.id, phase, ok, exitCode: result.exitCode, signal: result.signal, durationMs: result.durationMs, ...(result.timedOut ? { timedOut: true } : {}), ...(result.interrupted ? { interrupted: true } : {}) });
    if (this.abortedByInterrupt) throw new Aborted(`interrupted twice (Ctrl-C) at ${step.id}`);
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
    const { bold, dim } = this.ui;
    this.ui.out.write(`\n${bold(`Step ${position}/${this.s.steps.length}: ${step.title}`)} ${dim(`(${step.id}${step.kind === 'manual' ? ', manual' : ''}${step.confirm ? ', confirm' : ''})`)}\n`);
    const prose = step.prose.trim().split('\n').slice(0, 6).join('\n');
    if (prose) this.ui.out.write(`${prose}\n`);
    for (const [label, script] of [['script', step.script], ['verify', step.verify], ['rollback', step.rollback]] as const) {
      if (!script) continue;
      this.ui.out.write(`${dim(`--- ${label} (${script.engine}) ---`)}\n${script.code.replace(/\n?$/, '\n')}`);
    }
    if (step.hosts && step.kind === 'exec') this.ui.out.write(planText(step, planFleet(step, this.s.values, this.s.fleet ?? { forks: 10 })));
  }

  private async rollback(step: Step, via: Via): Promise<void> {
    if (!step.rollback) return;
    this.event('confirm', { step: step.id, action: 'rollback', via });
    const r = await this.exec(step, step.rollback, 'rollback');
    this.ui.out.write(r.exitCode === 0 ? 'Rollback finished.\n' : `Rollback FAILED (exit ${r.exitCode}). Escalate now.\n`);
  }

  /** A step with `hosts`: its script runs on each host over ssh (src/fleet), recorded per host. */
  private async fleetStep(step: Step): Promise<'ok' | 'failed'> {
    const options = this.s.fleet ?? { forks: 10 };
    const plan = planFleet(step, this.s.values, options);
    if (plan.problems.length) {
      this.ui.err.write(planText(step, plan));
      return 'failed';
    }
    this.event('step-start', { step: step.id, index: step.index, title: step.title, kind: 'exec', phase: 'run', engine: 'bash' });
    const env = { ...this.s.values, OPSBOOK_RUN_ID: this.log.run, OPSBOOK_RUNBOOK_ID: this.s.runbook.meta.id, OPSBOOK_STEP_ID: step.id, OPSBOOK_OPERATOR: this.s.operatorId };
    const timeoutMs = this.timeout(step);
    const fleet = startFleetStep({ step, plan, env, secrets: this.secretValues, forks: options.forks, ...(options.sshConfig ? { sshConfig: options.sshConfig } : {}), ...(timeoutMs ? { timeoutMs } : {}), ...(this.s.graceMs ? { graceMs: this.s.graceMs } : {}), rollbackOnFailure: this.s.rollbackOnFailure, emit: (type: EventBody['type'], fields: object) => this.emit({ ts: new Date().toISOString(), run: this.log.run, type, ...fields } as EventBody), out: this.ui.out, prompter: this.ui.prompter });
    this.current = fleet;
    const r = await fleet.done;
    this.current = undefined;
    // Verified on every host: the step is finished as a step with a verify is (resume skips it).
    this.event('step-end', { step: step.id, phase: step.verify && r.exitCode === 0 ? 'verify' : 'run', ok: r.exitCode === 0, exitCode: r.exitCode, durationMs: r.durationMs, ...(r.interrupted ? { interrupted: true } : {}) });
    if (r.aborted || this.abortedByInterrupt) throw new Aborted(r.aborted ?? `interrupted twice (Ctrl-C) at ${step.id}`);
    return r.exitCode === 0 ? 'ok' : 'failed';
  }

  private async runStep(step: Step): Promise<'ok' | 'failed'> {
    if (step.kind === 'manual') {
      if (this.s.yes && !step.confirm && !this.ui.prompter.interactive) {
        this.event('skip', { step: step.id, via: 'yes', reason: 'manual step not confirmed: run unattended with --yes' });
        this.ui.out.write('Manual step: not confirmed (unattended run); recorded as skipped.\n');
        return 'ok';
      }
      const answer = await this.ask('[d]one / [s]kip / [a]bort? ', ['d', 's', 'a']);
      if (answer === 'a') throw new Aborted(`aborted by the operator at ${step.id}`);
      if (answer === 's') this.event('skip', { step: step.id, via: 'prompt' });
      else this.event('confirm', { step: step.id, action: 'done', via: 'prompt' });
      return 'ok';
    }
    let via: Via = 'yes';
    if (step.confirm || !this.s.yes) {
      const answer = await this.ask('[r]un / [s]kip / [a]bort? ', ['r', 's', 'a']);
      if (answer === 'a') throw new Aborted(`aborted by the operator at ${step.id}`);
      if (answer === 's') {
        this.event('skip', { step: step.id, via: 'prompt' });
        return 'ok';
      }
      via = 'prompt';
    }
    this.event('confirm', { step: step.id, action: 'run', via });
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
      this.ui.out.write(`${this.ui.bold('ok')} ${step.id}\n`);
      return 'ok';
    }
    this.ui.err.write(`Step ${step.id} failed: ${why}.\n`);
    if (step.rollback) {
      if (this.s.rollbackOnFailure) await this.rollback(step, 'yes');
      else {
        let answer = 'a';
        try {
          answer = await this.ask('[r]ollback / [a]bort? ', ['r', 'a']);
        } catch (error) {
          if (!(error instanceof NoAnswer)) throw error;
          this.ui.err.write('No terminal to ask whether to roll back: not rolling back (use --rollback-on-failure).\n');
        }
        if (answer === 'r') await this.rollback(step, 'prompt');
      }
    }
    return 'failed';
  }

  async run(mode: RunMode, startFields: { operator: { id: string; name: string; user: string; tier?: 'I' | 'II' | 'III' }; override?: { reason: string; required: 'I' | 'II' | 'III' }; commit?: string; version: string; options: Record<string, unknown> }, resume?: { from: string; changed: boolean; torn: boolean }): Promise<Outcome> {
    const { runbook } = this.s;
    const parameters: Record<string, string> = {};
    for (const [k, v] of Object.entries(this.s.values)) parameters[k] = this.s.secretNames.includes(k) ? '[redacted]' : v;
    if (resume) this.event('run-resume', { from: resume.from, hash: runbook.hash, changed: resume.changed, ...(resume.torn ? { torn: true } : {}) });
    else {
      this.event('run-start', {
        runbook: { id: runbook.meta.id, path: runbook.path, hash: runbook.hash, title: runbook.meta.title, tier: runbook.meta.tier, ...(startFields.commit ? { commit: startFields.commit } : {}) },
        mode,
        operator: startFields.operator,
        host: hostname(),
        parameters,
        options: startFields.options,
        ...(startFields.override ? { override: startFields.override } : {}),
        version: startFields.version,
      } as never);
    }
    if (mode === 'dry-run') {
      for (const [i, step] of this.s.steps.entries()) this.show(step, i + 1);
      this.event('run-end', { result: 'succeeded', durationMs: Date.now() - this.started });
      this.ui.out.write(`\nDry run: nothing was executed. Log: ${this.log.file}\n`);
      return 'succeeded';
    }
    let failedStep: string | undefined;
    try {
      for (const [i, step] of this.s.steps.entries()) {
        this.show(step, i + 1);
        if ((await this.runStep(step)) === 'failed') {
          failedStep = step.id;
          break;
        }
      }
    } catch (error) {
      if (error instanceof Aborted || error instanceof NoAnswer) {
        this.event('abort', { ...(failedStep ? { step: failedStep } : {}), reason: error.message });
        this.event('run-end', { result: 'aborted', durationMs: Date.now() - this.started });
        this.ui.err.write(`Run aborted: ${error.message}\nLog: ${this.log.file}\n`);
        return 'aborted';
      }
      throw error;
    }
    const result: Outcome = failedStep ? 'failed' : 'succeeded';
    this.event('run-end', { result, durationMs: Date.now() - this.started, ...(failedStep ? { failedStep } : {}) });
    this.ui.out.write(`\nRun ${result}${failedStep ? ` at ${failedStep}` : ''}. Log: ${this.log.file}\n`);
    return result;
  }
}
