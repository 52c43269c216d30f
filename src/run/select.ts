// Which steps a run takes: all, `--from` a step on, or `--only` one.
import type { Step } from '../model.ts';
import { Refusal } from './refusal.ts';

export function selectSteps(steps: Step[], from?: string, only?: string): Step[] {
  for (const [flag, id] of [
    ['--from', from],
    ['--only', only],
  ] as const) {
    if (id !== undefined && !steps.some((s) => s.id === id))
      throw new Refusal(`${flag}: the runbook has no step \`${id}\``, `Its steps: ${steps.map((s) => s.id).join(', ')}.`);
  }
  if (only) return steps.filter((s) => s.id === only);
  if (from) return steps.slice(steps.findIndex((s) => s.id === from));
  return steps;
}
