// A step as the operator confirms it (and as `--dry-run` prints it): title, the first lines
// of its prose and every script, exactly, with unsafe characters shown as escapes.
import type { Step } from '../model.ts';
import { visible } from '../render/visible.ts';

export interface Style {
  bold: (text: string) => string;
  dim: (text: string) => string;
}

export function stepDisplay(step: Step, position: number, total: number, { bold, dim }: Style): string {
  let text = `\n${bold(`Step ${position}/${total}: ${visible(step.title)}`)} ${dim(`(${step.id}${step.kind === 'manual' ? ', manual' : ''}${step.confirm ? ', confirm' : ''})`)}\n`;
  const prose = step.prose.trim().split('\n').slice(0, 6).join('\n');
  if (prose) text += `${visible(prose)}\n`;
  for (const [label, script] of [
    ['script', step.script],
    ['verify', step.verify],
    ['rollback', step.rollback],
  ] as const) {
    if (script) text += `${dim(`--- ${label} (${script.engine}) ---`)}\n${visible(script.code).replace(/\n?$/, '\n')}`;
  }
  return text;
}
