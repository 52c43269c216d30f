// What `opsbook run` shows and asks before the first step, and what it hands the runner:
// the runbook's header, the parameters (asked for, then shown with secrets redacted), the
// runner's settings and the run-start's record of the flags. The order of the decisions is
// the command's (src/cli/commands/run.ts); the decisions themselves are in src/run/.
import { dirname, resolve } from 'node:path';
import type { Org, Runbook, Step } from '../model.ts';
import type { StoppedRun } from '../run/resume.ts';
import { gitCommit } from '../run/git.ts';
import type { Operator } from '../run/operator.ts';
import { ParamError, parsePairs, resolveParams } from '../run/params.ts';
import { NoAnswer, type Prompter } from '../run/prompt.ts';
import type { RunSettings, StartFields } from '../run/runner.ts';
import { stepHashes } from '../run/step-hash.ts';
import { visible } from '../render/visible.ts';
import { paint, UsageError, type Io } from './io.ts';
import type { RunValues } from './run-flags.ts';
import { version } from './version.ts';

/** Lines about the runbook, with unsafe characters escaped: what is shown is what runs. */
function say(io: Io, text: string): void {
  io.stdout.write(visible(text));
}

/** Title, summary, owners, escalation path and the parameters' names. */
export function showRunbook(io: Io, runbook: Runbook, org: Org): void {
  const { meta } = runbook;
  io.stdout.write(`${paint(io, 'bold', visible(`${meta.title}  (${meta.id}, Tier ${meta.tier})`))}\n`);
  const name = (id: string) => org.people.find((p) => p.id === id)?.name ?? id;
  say(io, `${meta.summary}\nOwner: ${name(meta.owner)} · backup: ${name(meta.backup_owner)}\n`);
  say(
    io,
    `Escalation: ${meta.escalation.map((l, i) => `${i + 1}. ${org.teams.find((t) => t.id === l.team)?.name ?? l.team}${l.after ? ` after ${l.after}` : ''}`).join(' → ')}\n`,
  );
  if (meta.parameters.length) io.stdout.write(`Parameters: ${meta.parameters.map((p) => `${p.name}${p.secret ? ' (secret)' : ''}`).join(', ')}\n`);
}

/** The parameters' values from the flags, the resumed run and prompts; a bad one is a usage error. */
export async function askParams(
  values: RunValues,
  runbook: Runbook,
  io: Io,
  prompter: Prompter,
  previous?: Record<string, string>,
): Promise<Record<string, string>> {
  try {
    return await resolveParams(
      runbook.meta.parameters,
      {
        skipSecrets: values['dry-run'],
        given: parsePairs(values.param, '--param'),
        secretEnv: parsePairs(values['secret-env'], '--secret-env'),
        secretFile: parsePairs(values['secret-file'], '--secret-file'),
        env: io.env,
        acceptDefaults: values.yes || values['dry-run'],
        ...(previous ? { previous } : {}),
      },
      prompter,
    );
  } catch (error) {
    if (error instanceof ParamError) throw new UsageError(error.message, error.hint);
    if (error instanceof NoAnswer)
      throw new UsageError(`${error.message}`, 'Pass every parameter with --param (secrets with --secret-env or --secret-file), or run in a terminal.');
    throw error;
  }
}

/** `With: NAME="value" …`, secrets redacted. */
export function showParams(io: Io, params: Record<string, string>, secretNames: string[]): void {
  const shown = Object.entries(params).map(([k, v]) => `${k}=${secretNames.includes(k) ? '[redacted]' : JSON.stringify(v)}`);
  if (shown.length) say(io, `With: ${shown.join(' ')}\n`);
}

/** What the runner needs: the runbook, the steps to run, the values and the flags that shape each step. */
export function runSettings(
  values: RunValues,
  run: { runbook: Runbook; org: Org; params: Record<string, string>; secretNames: string[]; steps: Step[]; operatorId: string; timeoutMs: number | undefined },
  io: Io,
  stopped: StoppedRun | undefined,
): RunSettings {
  const { runbook, org, params, secretNames, steps, operatorId, timeoutMs } = run;
  return {
    runbook,
    org,
    values: params,
    secretNames,
    steps,
    yes: values.yes,
    rollbackOnFailure: values['rollback-on-failure'],
    ...(timeoutMs ? { timeoutMs } : {}),
    ...(Number(io.env.OPSBOOK_GRACE_MS) > 0 ? { graceMs: Number(io.env.OPSBOOK_GRACE_MS) } : {}),
    cwd: io.cwd,
    env: io.env,
    operatorId,
    fleet: {
      ...(org.inventory ? { inventory: org.inventory } : {}),
      forks: Number(values.forks),
      ...(values['ssh-config'] ? { sshConfig: resolve(io.cwd, values['ssh-config']) } : {}),
      ...(values.hosts !== undefined ? { hosts: values.hosts } : {}),
      ...(stopped ? { previous: stopped.log.events } : {}),
      steps,
    },
  };
}

/** What the run-start event records: who, under which override, from which commit, with which flags. */
export function startFields(values: RunValues, runbook: Runbook, op: Operator, needed: Runbook['meta']['tier'], io: Io): StartFields {
  return {
    operator: { id: op.person.id, name: op.person.name, user: op.user, ...(op.tier ? { tier: op.tier } : {}) },
    ...(values['override-tier'] && values.reason ? { override: { reason: values.reason, required: needed } } : {}),
    commit: gitCommit(dirname(resolve(io.cwd, runbook.path))),
    version: version(),
    steps: stepHashes(runbook.steps),
    options: {
      yes: values.yes,
      ...(values.from ? { from: values.from } : {}),
      ...(values.only ? { only: values.only } : {}),
      ...(values.timeout ? { timeout: values.timeout } : {}),
      rollbackOnFailure: values['rollback-on-failure'],
      ...(runbook.steps.some((s) => s.hosts)
        ? {
            ...(values.inventory ? { inventory: resolve(io.cwd, values.inventory) } : {}),
            ...(values['ssh-config'] ? { sshConfig: resolve(io.cwd, values['ssh-config']) } : {}),
            ...(values.hosts !== undefined ? { hosts: values.hosts } : {}),
            forks: Number(values.forks),
          }
        : {}),
    },
  };
}
