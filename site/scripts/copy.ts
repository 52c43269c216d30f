// The runbook page's copy buttons: each copies the filled-in command of its step's script.
import { pasteableCommand } from '../../src/render/command.ts';
import type { FormParameter } from './form.ts';

export interface PageScript {
  code: string;
  vars: string[];
  engine: 'bash' | 'zx';
}
export interface CopyStep {
  id: string;
  scripts: Partial<Record<'script' | 'verify' | 'rollback', PageScript>>;
}

/** Wire every `button.copy`; `good` gives the form's values that pass their checks. */
export function copyButtons(steps: CopyStep[], parameters: FormParameter[], good: () => Record<string, string>): void {
  const secrets = parameters.filter((p) => p.secret).map((p) => p.name);

  /** Copy the filled-in command of the step a copy button belongs to, and say how it went. */
  async function copy(button: HTMLButtonElement): Promise<void> {
    const step = steps.find((s) => s.id === button.dataset.step);
    const script = step?.scripts[button.dataset.kind as 'script'];
    if (!script) return;
    const values = good();
    const missing = script.vars.filter((v) => parameters.some((p) => p.name === v && !p.secret) && !(v in values));
    if (missing.length) {
      button.textContent = `Fix ${missing.join(', ')} first`;
      return;
    }
    const text = pasteableCommand(script, { values, secrets });
    try {
      await navigator.clipboard.writeText(text);
      button.textContent = 'Copied';
    } catch {
      button.textContent = 'Copy failed: select the text instead';
    }
    setTimeout(() => (button.textContent = button.dataset.kind === 'script' ? 'Copy command' : `Copy ${button.dataset.kind}`), 2000);
  }

  for (const button of document.querySelectorAll<HTMLButtonElement>('button.copy')) {
    button.addEventListener('click', () => void copy(button));
  }
}
