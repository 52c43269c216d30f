// A step's content hash: what the runner shows and runs of it (title, prose, kind, confirm,
// timeout, tier, and each script's engine and code), not its position in the file. The
// run-start records one per step; a resume compares them with the runbook as it is then,
// so editing text outside a step, or moving a step, is not a change of that step.
import { createHash } from 'node:crypto';
import type { Script, Step } from '../model.ts';

function script(s: Script | undefined): { engine: string; code: string } | null {
  return s ? { engine: s.engine, code: s.code } : null;
}

export function stepHash(step: Step): string {
  const content = {
    id: step.id,
    title: step.title,
    prose: step.prose,
    kind: step.kind,
    confirm: step.confirm,
    timeout: step.timeout ?? null,
    tier: step.tier ?? null,
    script: script(step.script),
    verify: script(step.verify),
    rollback: script(step.rollback),
  };
  return createHash('sha256').update(JSON.stringify(content)).digest('hex');
}

export function stepHashes(steps: Step[]): Record<string, string> {
  return Object.fromEntries(steps.map((s) => [s.id, stepHash(s)]));
}
