// What a step's process gets: a few variables of the runner's environment that make a shell
// work, the run's parameters, and the OPSBOOK_* facts of the run. Nothing else of the
// runner's environment is passed.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Step } from '../model.ts';
import { PASS_ENV } from '../parse/vars.ts';
import { argMax, checkEnvLimits, type LimitProblem } from './env-limits.ts';
import { command } from './exec.ts';
export interface StepEnvSource {
  env: NodeJS.ProcessEnv;
  values: Record<string, string>;
  runbookId: string;
  operatorId: string;
  cwd: string;
}

export function stepEnv(s: StepEnvSource, run: string, step: Step): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of PASS_ENV) if (s.env[name] !== undefined) env[name] = s.env[name]!;
  Object.assign(env, s.values, {
    OPSBOOK_RUN_ID: run,
    OPSBOOK_RUNBOOK_ID: s.runbookId,
    OPSBOOK_STEP_ID: step.id,
    OPSBOOK_OPERATOR: s.operatorId,
    OPSBOOK_WORKDIR: s.cwd,
  });
  return env;
}

/** Whether every script of `steps` can be started with these values (the kernel's E2BIG limits). */
export function checkStepLimits(s: StepEnvSource, steps: Step[]): LimitProblem | undefined {
  const run = '00000000T000000Z-000000';
  const file = join(tmpdir(), 'opsbook-step-000000', 'step.mjs');
  const limit = argMax();
  for (const step of steps) {
    for (const script of [step.script, step.verify, step.rollback]) {
      if (!script) continue;
      const [cmd, args] = command(script, file);
      const problem = checkEnvLimits(stepEnv(s, run, step), [cmd, ...args], limit);
      if (problem) return problem;
    }
  }
  return undefined;
}
