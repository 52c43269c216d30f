// `opsbook run <id or path>`: guided execution of a runbook, every action in the run log.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { findRunbook, loadCatalog } from '../../catalog.ts';
import { logFile, LogWriter, newRunId } from '../../log/writer.ts';
import { readLog } from '../../log/read.ts';
import type { RunStartEvent } from '../../log/events.ts';
import { tierRank, type Step } from '../../model.ts';
import { parseDuration } from '../../parse/duration.ts';
import { formatText } from '../../report/text.ts';
import { findOperator, requiredTier } from '../../run/operator.ts';
import { ParamError, parsePairs, resolveParams } from '../../run/params.ts';
import { NoAnswer, Prompter } from '../../run/prompt.ts';
import { Runner } from '../../run/runner.ts';
import { parse } from '../args.ts';
import { paint, UsageError, type Io } from '../io.ts';
import type { Command } from '../command.ts';
import { textStyle } from '../style.ts';
import { version } from '../version.ts';

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
                               (a fleet step: only its hosts not finished ok)
  --inventory <file>           Ansible inventory for fleet steps' @group (YAML, INI or
                               ansible-inventory --list JSON; default: inventory: in org.yaml)
  --hosts <list>               fleet steps: only these hosts (names, commas or spaces)
  --forks <n>                  fleet steps: ssh connections at a time (default: 10)
  --ssh-config <file>          fleet steps: ssh -F <file> instead of your ~/.ssh/config
  --log-dir <dir>              where logs go (default: $OPSBOOK_LOG_DIR or .opsbook/runs)
  --root <dir>                 the runbooks folder (default: runbooks)
  -h, --help                   show this help

A step that times out or is interrupted gets SIGTERM, then SIGKILL after a grace period
(5 s; OPSBOOK_GRACE_MS sets it in milliseconds).

The tier guard is a guard rail and an audit record, not a security boundary: real
privilege stays with the operating system (ssh keys, sudo).

Exit codes: 0 the run succeeded, 1 it failed or was aborted, 2 usage error, 130 aborted by Ctrl-C.

Examples:
  opsbook run host-health-triage --param HOST=localhost --param PORT=22
  opsbook run mail-site-failover --dry-run
  opsbook run --resume 20261125T101500Z-3f2a1c
  opsbook run rolling-upgrade-mailbox-stores --dry-run --hosts mbx01.dc1.example.net
`;

function gitCommit(cwd: string): string | undefined {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { cwd, stdio: ['ignore', 'pipe', 'ignore'], timeout: 2000 }).toString().trim() || undefined;
  } catch {
    return undefined;
  }
}

function selectSteps(steps: Step[], from?: string, only?: string): Step[] {
  for (const [flag, id] of [['--from', from], ['--only', only]] as const) {
    if (id !== undefined && !steps.some((s) => s.id === id)) throw new UsageError(`${flag}: the runbook has no step \`${id}\``, `Its steps: ${steps.map((s) => s.id).join(', ')}.`);
  }
  if (only) return steps.filter((s) => s.id === only);
  if (from) return steps.slice(steps.findIndex((s) => s.id === from));
  return steps;
}

/** Steps a run has finished: done, skipped, or run with its verify (if any) passing. */
function finishedSteps(events: ReturnType<typeof readLog>['events'], steps: Step[]): Set<string> {
  const done = new Set<string>();
  for (const e of events) {
    if (e.type === 'skip' || (e.type === 'confirm' && e.action === 'done')) done.add(e.step);
    if (e.type === 'step-end' && e.ok) {
      const step = steps.find((s) => s.id === e.step);
      if ((e.phase === 'run' && !step?.verify) || e.phase === 'verify') done.add(e.step);
    }
  }
  return done;
}

function header(io: Io, text: string): void {
  io.stdout.write(`${paint(io, 'bold', text)}\n`);
}

const command: Command = {
  summary: 'run a runbook step by step, with an audit log',
  help,
  async run(args, io) {
    const { values, positionals } = parse('run', args, {
      param: { type: 'string', multiple: true, default: [] },
      'secret-env': { type: 'string', multiple: true, default: [] },
      'secret-file': { type: 'string', multiple: true, default: [] },
      yes: { type: 'boolean', short: 'y', default: false },
      'dry-run': { type: 'boolean', default: false },
      from: { type: 'string' },
      only: { type: 'string' },
      timeout: { type: 'string' },
      'rollback-on-failure': { type: 'boolean', default: false },
      operator: { type: 'string' },
      'override-tier': { type: 'boolean', default: false },
      reason: { type: 'string' },
      resume: { type: 'string' },
      'log-dir': { type: 'string' },
      root: { type: 'string', default: 'runbooks' },
      inventory: { type: 'string' },
      hosts: { type: 'string' },
      forks: { type: 'string', default: '10' },
      'ssh-config': { type: 'string' },
    });
    const forks = Number(values.forks);
    if (!Number.isInteger(forks) || forks < 1) throw new UsageError(`--forks takes a whole number from 1, not \`${values.forks}\``);
    for (const flag of ['inventory', 'ssh-config'] as const) {
      const file = values[flag];
      if (file !== undefined && !existsSync(resolve(io.cwd, file))) throw new UsageError(`--${flag}: no such file \`${file}\``);
    }
    const logDir = resolve(io.cwd, values['log-dir'] ?? io.env.OPSBOOK_LOG_DIR ?? '.opsbook/runs');
    if (values['override-tier'] && !values.reason?.trim()) throw new UsageError('--override-tier needs --reason "why"', 'The reason is written to the run log.');
    if (values.from && values.only) throw new UsageError('Use --from or --only, not both');
    const timeoutMs = values.timeout === undefined ? undefined : parseDuration(values.timeout);
    if (values.timeout !== undefined && !timeoutMs) throw new UsageError(`--timeout takes a duration such as 30s or 10m, not \`${values.timeout}\``);

    // What to run: a runbook, or the run to resume.
    let previous: RunStartEvent | undefined;
    let resumeLog: ReturnType<typeof readLog> | undefined;
    let target = positionals[0];
    if (values.resume) {
      if (positionals.length > 0) throw new UsageError('--resume takes the run id; do not name a runbook too');
      const file = logFile(logDir, values.resume);
      if (!/^\d{8}T\d{6}Z-[0-9a-f]{6}$/.test(values.resume) || !existsSync(file)) throw new UsageError(`No run \`${values.resume}\` in ${logDir}`, 'List runs with `opsbook log list`.');
      resumeLog = readLog(file);
      if (resumeLog.problem && !resumeLog.torn) throw new UsageError(`The log of run ${values.resume} fails verification at line ${resumeLog.problem.line}: ${resumeLog.problem.message}`, 'A log that was edited cannot be resumed; start a new run.');
      const start = resumeLog.events[0];
      if (!start || start.type !== 'run-start') throw new UsageError(`The log of run ${values.resume} has no run-start event`);
      if (resumeLog.events.some((e) => e.type === 'run-end')) throw new UsageError(`Run ${values.resume} has finished already; start a new run`);
      previous = start;
      // A fleet step resumes with the inventory, ssh config and hosts the run started with.
      values.inventory ??= start.options?.inventory;
      values['ssh-config'] ??= start.options?.sshConfig;
      values.hosts ??= start.options?.hosts;
      target = start.runbook.path;
    } else if (positionals.length !== 1) throw new UsageError('Expected one runbook id or path', 'Example: opsbook run host-health-triage');

    const catalog = await loadCatalog(values.root, { cwd: io.cwd, ...(values.inventory !== undefined ? { inventory: values.inventory } : {}) });
    const runbook = findRunbook(catalog, target!, io.cwd) ?? (previous ? findRunbook(catalog, previous.runbook.id, io.cwd) : undefined);
    if (!runbook) throw new UsageError(`No runbook \`${target}\` in ${values.root}/`, `Find one with \`opsbook search <words>\`.`);
    const own = catalog.diagnostics.filter((d) => d.severity === 'error' && (d.path === runbook.path || d.path === catalog.org?.path));
    if (own.length > 0 || !runbook.valid || !catalog.org) {
      io.stderr.write(formatText(own, 1, textStyle(io)));
      io.stderr.write(`\nopsbook run: refusing to run ${runbook.path}: it has errors (see above, or \`opsbook check ${runbook.path}\`).\n`);
      return 1;
    }
    const org = catalog.org;
    const { meta } = runbook;

    // Header: what is about to happen, and whom to call.
    header(io, `${meta.title}  (${meta.id}, Tier ${meta.tier})`);
    const name = (id: string) => org.people.find((p) => p.id === id)?.name ?? id;
    io.stdout.write(`${meta.summary}\nOwner: ${name(meta.owner)} · backup: ${name(meta.backup_owner)}\n`);
    io.stdout.write(`Escalation: ${meta.escalation.map((l, i) => `${i + 1}. ${org.teams.find((t) => t.id === l.team)?.name ?? l.team}${l.after ? ` after ${l.after}` : ''}`).join(' → ')}\n`);
    if (meta.parameters.length) io.stdout.write(`Parameters: ${meta.parameters.map((p) => `${p.name}${p.secret ? ' (secret)' : ''}`).join(', ')}\n`);

    const prompter = new Prompter(io.stdin, io.stdout);
    const operator = findOperator(org, values.operator);
    if (!operator.ok) throw new UsageError(operator.message, operator.hint);
    const op = operator.operator;

    let steps = selectSteps(runbook.steps, values.from, values.only);
    let changed = false;
    if (resumeLog && previous) {
      changed = previous.runbook.hash !== runbook.hash || resumeLog.events.some((e) => e.type === 'run-resume' && e.changed);
      const finished = finishedSteps(resumeLog.events, runbook.steps);
      const opts = previous.options ?? {};
      const planned = selectSteps(runbook.steps, opts.from, opts.only);
      steps = planned.filter((s) => !finished.has(s.id));
      if (steps.length === 0) throw new UsageError(`Every step of run ${values.resume} has finished; nothing to resume`);
      io.stdout.write(`Resuming run ${values.resume} at step ${steps[0]!.id}${resumeLog.torn ? ' (its last line was torn and is dropped)' : ''}.\n`);
      if (changed) {
        io.stderr.write(`Warning: ${runbook.path} changed since this run started (content hash differs).\n`);
        if (!values.yes) {
          const go = await prompter.choose('Continue with the changed runbook? [c]ontinue / [a]bort ', ['c', 'a']).catch((e: unknown) => {
            if (e instanceof NoAnswer) return 'a';
            throw e;
          });
          if (go !== 'c') {
            io.stderr.write('Not resumed.\n');
            return 1;
          }
        }
      }
    }

    const needed = requiredTier(meta.tier, steps.map((s) => s.tier));
    if (!op.tier || tierRank(op.tier) < tierRank(needed)) {
      if (!values['override-tier']) {
        io.stderr.write(`opsbook run: ${op.person.name} (${op.person.id}) is ${op.tier ? `Tier ${op.tier}` : 'in no team'}; this run needs Tier ${needed}.\nEscalate per the path above, or pass --override-tier --reason "…" (logged).\n`);
        return 1;
      }
      io.stderr.write(`Tier override: ${op.person.id} runs a Tier ${needed} runbook. Reason (logged): ${values.reason}\n`);
    }

    let params: Record<string, string>;
    try {
      params = await resolveParams(meta.parameters, {
        skipSecrets: values['dry-run'],
        given: parsePairs(values.param, '--param'),
        secretEnv: parsePairs(values['secret-env'], '--secret-env'),
        secretFile: parsePairs(values['secret-file'], '--secret-file'),
        env: io.env,
        acceptDefaults: values.yes || values['dry-run'],
        ...(previous ? { previous: previous.parameters } : {}),
      }, prompter);
    } catch (error) {
      if (error instanceof ParamError) throw new UsageError(error.message, error.hint);
      if (error instanceof NoAnswer) throw new UsageError(`${error.message}`, 'Pass every parameter with --param (secrets with --secret-env or --secret-file), or run in a terminal.');
      throw error;
    }
    const secretNames = meta.parameters.filter((p) => p.secret).map((p) => p.name);
    const shown = Object.entries(params).map(([k, v]) => `${k}=${secretNames.includes(k) ? '[redacted]' : JSON.stringify(v)}`);
    if (shown.length) io.stdout.write(`With: ${shown.join(' ')}\n`);

    const writer = resumeLog && previous ? LogWriter.resume(resumeLog.file, previous.run, resumeLog.validBytes, resumeLog.state) : LogWriter.create(logDir, newRunId());
    const runner = new Runner(
      { runbook, org, values: params, secretNames, steps, yes: values.yes, rollbackOnFailure: values['rollback-on-failure'], ...(timeoutMs ? { timeoutMs } : {}), ...(Number(io.env.OPSBOOK_GRACE_MS) > 0 ? { graceMs: Number(io.env.OPSBOOK_GRACE_MS) } : {}), cwd: io.cwd, env: io.env, operatorId: op.person.id, fleet: { ...(org.inventory ? { inventory: org.inventory } : {}), forks, ...(values['ssh-config'] ? { sshConfig: resolve(io.cwd, values['ssh-config']) } : {}), ...(values.hosts !== undefined ? { hosts: values.hosts } : {}), ...(resumeLog ? { previous: resumeLog.events } : {}) } },
      writer,
      { out: io.stdout, err: io.stderr, prompter, bold: (t) => paint(io, 'bold', t), dim: (t) => paint(io, 'dim', t) },
    );
    const onSigint = () => runner.onInterrupt();
    process.on('SIGINT', onSigint);
    try {
      const outcome = await runner.run(
        values['dry-run'] ? 'dry-run' : 'terminal',
        {
          operator: { id: op.person.id, name: op.person.name, user: op.user, ...(op.tier ? { tier: op.tier } : {}) },
          ...(values['override-tier'] && values.reason ? { override: { reason: values.reason, required: needed } } : {}),
          commit: gitCommit(dirname(resolve(io.cwd, runbook.path))),
          version: version(),
          options: { yes: values.yes, ...(values.from ? { from: values.from } : {}), ...(values.only ? { only: values.only } : {}), ...(values.timeout ? { timeout: values.timeout } : {}), rollbackOnFailure: values['rollback-on-failure'], ...(runbook.steps.some((s) => s.hosts) ? { ...(values.inventory ? { inventory: resolve(io.cwd, values.inventory) } : {}), ...(values['ssh-config'] ? { sshConfig: resolve(io.cwd, values['ssh-config']) } : {}), ...(values.hosts !== undefined ? { hosts: values.hosts } : {}), forks } : {}) },
        },
        resumeLog && previous ? { from: steps[0]!.id, changed, torn: resumeLog.torn } : undefined,
      );
      return outcome === 'succeeded' ? 0 : runner.abortedByInterrupt ? 130 : 1;
    } finally {
      process.off('SIGINT', onSigint);
      writer.close();
    }
  },
};

export default command;
