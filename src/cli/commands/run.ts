// `opsbook run <id or path>`: guided execution of a runbook, every action in the run log.
// Over 300 lines, a quarter of them the help text: the flags' checks, the lock, and the order
// in which an operator meets the decisions (resume, tier, parameters, limits), each a call into
// src/run/; what is shown and handed to the runner is in ../run-setup.ts, the flags in ../run-flags.ts.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { findRunbook, loadCatalog } from '../../catalog.ts';
import type { EventBody } from '../../log/chain.ts';
import { Anchor } from '../../log/anchor.ts';
import { openSigningKey } from '../../log/signing-key.ts';
import { LogDirError, LogWriter, newRunId, probeLogDir } from '../../log/writer.ts';
import { parseDuration } from '../../parse/duration.ts';
import { formatText } from '../../report/text.ts';
import { checkTier, findOperator } from '../../run/operator.ts';
import { Prompter } from '../../run/prompt.ts';
import { Runner } from '../../run/runner.ts';
import { checkStepLimits } from '../../run/environment.ts';
import { exitCodeFor, STOP_SIGNALS, type StopSignal } from '../../run/outcome.ts';
import { lockRun, type RunLock } from '../../run/lock.ts';
import { Refusal } from '../../run/refusal.ts';
import { changedSteps, checkRunExists, closeRun, openStoppedRun, parameterChanges, planResume, type StoppedRun } from '../../run/resume.ts';
import { askContinue, confirmParameters, confirmSteps, guardStepProcess, type GuardUi } from '../../run/resume-guard.ts';
import { selectSteps } from '../../run/select.ts';
import { paint, UsageError, type Io } from '../io.ts';
import type { Command } from '../command.ts';
import { parseRun, type RunValues } from '../run-flags.ts';
import { askParams, runSettings, showParams, showRunbook, startFields } from '../run-setup.ts';
import type { Org, Runbook, Step } from '../../model.ts';
import { textStyle } from '../style.ts';

const help = `Usage: opsbook run <id or path> [options]

Run a runbook step by step. Each step is shown with its exact script and confirmed before
it runs ([r]un / [s]kip / [a]bort); manual steps are confirmed as done. On success its
verify runs; on failure its rollback is offered and the run stops. Every action is written
(and fsync'd) to a JSON Lines log under the log directory before the runner goes on.

Parameters reach steps only as environment variables, never spliced into the script.
They come from --param, else a prompt showing the default. The environment is never read
implicitly. Secret parameters are prompted without echo, or read from an environment
variable or a file that you name; they never reach the log, the terminal or any process's
arguments.

Options:
  --param <NAME=VALUE>         a parameter value (repeatable)
  --secret-env <NAME=ENVVAR>   read a secret parameter from the environment variable ENVVAR
  --secret-file <NAME=FILE>    read a secret parameter from a file (first line)
  --yes                        run steps without asking, except those marked confirm;
                               accept parameter defaults; manual steps are recorded as skipped
  --dry-run                    print every step with the parameters it would get; run nothing
  --from <step>                start at this step
  --only <step>                run only this step
  --timeout <duration>         time limit for every step (e.g. 30s, 10m), over the runbook's
  --rollback-on-failure        roll back a failed step without asking
  --operator <person-id>       who runs it (default: your OS user mapped through org.yaml)
  --override-tier              run although the runbook needs a higher tier than yours
  --reason <text>              why (required with --override-tier; logged)
  --resume <run-id>            continue a run that stopped, at the first step not finished
                               (a fleet step: only its hosts not finished ok), or one that
                               failed at a fleet step, to retry its hosts not finished ok
  --wait                       with --resume: wait for the stopped run's step, if it still runs
  --accept-changes             with --resume: run steps changed since the run started without
                               confirming each one (the change is logged)
  --inventory <file>           Ansible inventory for fleet steps' @group (YAML, INI or
                               ansible-inventory --list JSON; default: inventory: in org.yaml)
  --hosts <list>               fleet steps: only these hosts (names, commas or spaces)
  --forks <n>                  fleet steps: ssh connections at a time (default: 10)
  --ssh-config <file>          fleet steps: ssh -F <file> instead of your ~/.ssh/config
  --signing-key <file>         sign the run with your SSH key (default: $OPSBOOK_SIGNING_KEY):
                               a private key, or the .pub of a key in ssh-agent; it must be
                               in your signing_keys in org.yaml
  --log-dir <dir>              where logs go (default: $OPSBOOK_LOG_DIR or .opsbook/runs)
  --root <dir>                 the runbooks folder (default: runbooks)
  -h, --help                   show this help

A step that times out or is interrupted gets SIGTERM, then SIGKILL after a grace period
(5 s; OPSBOOK_GRACE_MS sets it in milliseconds).

The tier guard is a guard rail and an audit record, not a security boundary: real
privilege stays with the operating system (ssh keys, sudo).

Exit codes: 0 the run succeeded, 1 it failed or was aborted, 2 usage error (or a run
locked by another opsbook), 130 aborted by Ctrl-C, 143/129/131 ended by SIGTERM/SIGHUP/SIGQUIT.

Examples:
  opsbook run host-health-triage --param HOST=localhost --param PORT=22
  opsbook run mail-site-failover --dry-run
  opsbook run --resume 20261125T101500Z-3f2a1c
  opsbook run rolling-upgrade-mailbox-stores --dry-run --hosts mbx01.dc1.example.net
`;

const LOG_DIR_HINT = 'Pass --log-dir with a folder you can write, or set OPSBOOK_LOG_DIR.';

/** A refusal of the run, or a log folder that cannot be written, as a usage error (one line, exit 2). */
function asUsage(error: unknown): never {
  if (error instanceof Refusal) throw new UsageError(error.message, error.hint);
  if (error instanceof LogDirError) throw new UsageError(error.message, LOG_DIR_HINT);
  throw error;
}

/** Run `f`; a refusal becomes a usage error. */
function refusal<T>(f: () => T): T {
  try {
    return f();
  } catch (error) {
    return asUsage(error);
  }
}

/** Write what the resume found to the log, and forget it (written notes need no undoing). */
function logNotes(writer: LogWriter, notes: EventBody[]): void {
  for (const note of notes.splice(0)) writer.append(note);
}

const command: Command = {
  summary: 'run a runbook step by step, with an audit log',
  help,
  async run(args, io) {
    const { values, positionals } = parseRun(args);
    const forks = Number(values.forks);
    if (!Number.isInteger(forks) || forks < 1) throw new UsageError(`--forks takes a whole number from 1, not \`${values.forks}\``);
    for (const flag of ['inventory', 'ssh-config'] as const) {
      const file = values[flag];
      if (file !== undefined && !existsSync(resolve(io.cwd, file))) throw new UsageError(`--${flag}: no such file \`${file}\``);
    }
    const logDir = resolve(io.cwd, values['log-dir'] ?? io.env.OPSBOOK_LOG_DIR ?? '.opsbook/runs');
    if (values['override-tier'] && !values.reason?.trim())
      throw new UsageError('--override-tier needs --reason "why"', 'The reason is written to the run log.');
    if (values.from && values.only) throw new UsageError('Use --from or --only, not both');
    const timeoutMs = values.timeout === undefined ? undefined : parseDuration(values.timeout);
    if (values.timeout !== undefined && !timeoutMs) throw new UsageError(`--timeout takes a duration such as 30s or 10m, not \`${values.timeout}\``);
    if (values.resume !== undefined) {
      if (positionals.length > 0) throw new UsageError('--resume takes the run id; do not name a runbook too');
      for (const flag of ['from', 'only', 'dry-run'] as const) {
        if (values[flag])
          throw new UsageError(
            `--resume does not take --${flag}: it continues at the first step the run did not finish`,
            `To run other steps, start a new run: opsbook run <runbook> --${flag === 'dry-run' ? 'dry-run' : `${flag} <step>`}`,
          );
      }
      refusal(() => checkRunExists(logDir, values.resume!));
    } else {
      if (positionals.length !== 1) throw new UsageError('Expected one runbook id or path', 'Example: opsbook run host-health-triage');
      for (const flag of ['wait', 'accept-changes'] as const) if (values[flag]) throw new UsageError(`--${flag} is for --resume`);
    }

    // One writer per run log: a resumed run is locked before its log is read; a new run just
    // before its log is made (a run refused before that leaves no trace), its folder checked now.
    const run = values.resume ?? newRunId();
    const locks: RunLock[] = [];
    const takeLock = (): EventBody[] => {
      const { lock, tookOver } = refusal(() => lockRun(logDir, run));
      locks.push(lock);
      return tookOver ? [{ ts: new Date().toISOString(), run, type: 'lock-takeover', holder: tookOver }] : [];
    };
    const notes: EventBody[] = [];
    // Notes not logged (the resume was refused) include a takeover: the dead holder's lock goes back.
    const release = () => locks.forEach((l) => l.release(notes.some((n) => n.type === 'lock-takeover')));
    process.on('exit', release);
    try {
      if (values.resume !== undefined) notes.push(...takeLock());
      else refusal(() => probeLogDir(logDir));
      return await execute(values, positionals, { io, logDir, timeoutMs, run, notes, takeLock });
    } finally {
      release();
      process.off('exit', release);
    }
  },
};

interface RunContext {
  io: Io;
  logDir: string;
  timeoutMs: number | undefined;
  run: string;
  notes: EventBody[];
  takeLock: () => EventBody[];
}

/** The stopped run to resume, once its step's process group is known to be gone; undefined when waiting for it was given up (Ctrl-C). */
async function stoppedRun(values: RunValues, ctx: RunContext, ui: GuardUi): Promise<StoppedRun | undefined> {
  const stopped = refusal(() => openStoppedRun(ctx.logDir, ctx.run));
  const waiting = new AbortController();
  const stopWaiting = () => waiting.abort();
  process.on('SIGINT', stopWaiting);
  const found = await guardStepProcess(stopped, values.wait, ui, waiting.signal).catch(asUsage);
  process.off('SIGINT', stopWaiting);
  if (!found.ok) return undefined;
  if (found.note) ctx.notes.push(found.note);
  return stopped;
}

/** The runbook to run, checked; an exit code when it has errors. */
async function checkedRunbook(values: RunValues, target: string, previousId: string | undefined, io: Io): Promise<{ runbook: Runbook; org: Org } | number> {
  const catalog = await loadCatalog(values.root, { cwd: io.cwd, ...(values.inventory !== undefined ? { inventory: values.inventory } : {}) });
  const runbook = findRunbook(catalog, target, io.cwd) ?? (previousId ? findRunbook(catalog, previousId, io.cwd) : undefined);
  if (!runbook) throw new UsageError(`No runbook \`${target}\` in ${values.root}/`, `Find one with \`opsbook search <words>\`.`);
  const own = catalog.diagnostics.filter((d) => d.severity === 'error' && (d.path === runbook.path || d.path === catalog.orgFile));
  if (own.length > 0 || !runbook.valid || !catalog.org) {
    io.stderr.write(formatText(own, 1, textStyle(io)));
    io.stderr.write(`\nopsbook run: refusing to run ${runbook.path}: it has errors (see above, or \`opsbook check ${runbook.path}\`).\n`);
    return 1;
  }
  return { runbook, org: catalog.org };
}

/**
 * The steps a resume runs, each change since the run started confirmed (or an exit code: not
 * resumed, or closed because every step had finished).
 */
async function resumeSteps(
  values: RunValues,
  stopped: StoppedRun,
  runbook: Runbook,
  anchor: Anchor,
  ctx: RunContext,
  ui: GuardUi,
): Promise<{ steps: Step[]; changed: boolean } | number> {
  const { io, notes } = ctx;
  const { steps, changed } = refusal(() => planResume(stopped, runbook));
  if (steps.length === 0) {
    // Killed after its last step, before its run-end: close it as the log shows.
    const result = closeRun(stopped, notes.splice(0), new Date(), anchor);
    io.stdout.write(`Every step of run ${stopped.run} had finished, but its end was not logged: closed it as ${result}. Log: ${stopped.log.file}\n`);
    return result === 'succeeded' ? 0 : 1;
  }
  io.stdout.write(`Resuming run ${stopped.run} at step ${steps[0].id}${stopped.log.torn ? ' (its last line was torn and is dropped)' : ''}.\n`);
  if (changed) {
    io.stderr.write(`Warning: ${runbook.path} changed since this run started (content hash differs).\n`);
    if (!values.yes && !(await askContinue(ui.prompter, 'Continue with the changed runbook? [c]ontinue / [a]bort '))) {
      io.stderr.write('Not resumed.\n');
      return 1;
    }
  }
  const stepsOk = await confirmSteps(stopped, changedSteps(stopped, runbook, steps), steps, values['accept-changes'], ui);
  if (!stepsOk.ok) return 1;
  if (stepsOk.note) notes.push(stepsOk.note);
  return { steps, changed };
}

async function execute(values: RunValues, positionals: string[], ctx: RunContext): Promise<number> {
  const { io, notes } = ctx;
  const prompter = new Prompter(io.stdin, io.stdout);
  const ui: GuardUi = { out: io.stdout, err: io.stderr, prompter };
  // What to run: a runbook, or the run to resume.
  const stopped = values.resume ? await stoppedRun(values, ctx, ui) : undefined;
  if (values.resume && !stopped) return 130;
  const previous = stopped?.start;
  // A fleet step resumes with the inventory, ssh config and hosts the run started with.
  values.inventory ??= previous?.options?.inventory;
  values['ssh-config'] ??= previous?.options?.sshConfig;
  values.hosts ??= previous?.options?.hosts;
  const checked = await checkedRunbook(values, previous ? previous.runbook.path : positionals[0], previous?.runbook.id, io);
  if (typeof checked === 'number') return checked;
  const { runbook, org } = checked;
  showRunbook(io, runbook, org);

  const operator = findOperator(org, values.operator);
  if (!operator.ok) throw new UsageError(operator.message, operator.hint);
  const op = operator.operator;
  // Signed with the operator's key (refused here, before any step, when it cannot be), or not.
  const signer = refusal(() =>
    openSigningKey({
      keyFile: values['signing-key'] ?? io.env.OPSBOOK_SIGNING_KEY,
      org,
      operatorId: op.person.id,
      cwd: io.cwd,
      env: io.env,
      resumesSigned: stopped?.log.events.some((e) => e.type === 'checkpoint') ?? false,
    }),
  );
  if (!signer && op.person.signing_keys?.length)
    io.stderr.write('Warning: this run is not signed (no --signing-key): `opsbook log verify` reports it unsigned.\n');
  const anchor = new Anchor(ctx.logDir, signer, stopped ? { runbook: stopped.start.runbook.hash, mode: stopped.start.mode } : undefined);

  const plan = stopped
    ? await resumeSteps(values, stopped, runbook, anchor, ctx, ui)
    : { steps: refusal(() => selectSteps(runbook.steps, values.from, values.only)), changed: false };
  if (typeof plan === 'number') return plan;
  const { steps, changed } = plan;

  const tier = checkTier(
    op,
    runbook.meta.tier,
    steps.map((s) => s.tier),
    values['override-tier'],
  );
  if (!tier.ok) {
    io.stderr.write(`opsbook run: ${tier.message}\nEscalate per the path above, or pass --override-tier --reason "…" (logged).\n`);
    return 1;
  }
  if (tier.override) io.stderr.write(`Tier override: ${op.person.id} runs a Tier ${tier.needed} runbook. Reason (logged): ${values.reason}\n`);

  const params = await askParams(values, runbook, io, prompter, previous?.parameters);
  if (stopped && previous) {
    const paramsOk = await confirmParameters(stopped, parameterChanges(runbook.meta.parameters, previous.parameters, params), values.yes, ui);
    if (!paramsOk.ok) return 1;
    if (paramsOk.note) notes.push(paramsOk.note);
  }
  const secretNames = runbook.meta.parameters.filter((p) => p.secret).map((p) => p.name);
  showParams(io, params, secretNames);

  const settings = runSettings(values, { runbook, org, params, secretNames, steps, operatorId: op.person.id, timeoutMs: ctx.timeoutMs }, io, stopped);
  const tooBig = values['dry-run']
    ? undefined
    : checkStepLimits({ env: io.env, values: params, runbookId: runbook.meta.id, operatorId: op.person.id, cwd: io.cwd }, steps);
  if (tooBig) throw new UsageError(tooBig.message, tooBig.hint);
  if (!stopped) notes.push(...ctx.takeLock());
  const writer = stopped ? LogWriter.resume(stopped.log.file, stopped.run, stopped.log.validBytes, stopped.log.state) : LogWriter.create(ctx.logDir, ctx.run);
  writer.anchorWith(anchor);
  logNotes(writer, notes);
  const runner = new Runner(settings, writer, { out: io.stdout, err: io.stderr, prompter, bold: (t) => paint(io, 'bold', t), dim: (t) => paint(io, 'dim', t) });
  const onSigint = () => runner.onInterrupt();
  const onStop = (signal: StopSignal) => runner.onStopSignal(signal);
  process.on('SIGINT', onSigint);
  for (const signal of STOP_SIGNALS) process.on(signal, onStop);
  try {
    const outcome = await runner.run(
      values['dry-run'] ? 'dry-run' : 'terminal',
      startFields(values, runbook, op, tier.needed, io),
      stopped ? { from: steps[0].id, changed, torn: stopped.log.torn } : undefined,
    );
    return exitCodeFor(outcome);
  } finally {
    process.off('SIGINT', onSigint);
    for (const signal of STOP_SIGNALS) process.off(signal, onStop);
    writer.close();
  }
}

export default command;
