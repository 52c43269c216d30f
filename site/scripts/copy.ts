// The runbook page's copy buttons: each copies what runs its step's script as `opsbook run`
// would (src/render/command.ts), or, for a fleet step, the `opsbook run` line from that step.
// Where the clipboard cannot be written, the identical text is shown selected in a box.
import { pasteableCommand, runLine } from '../../src/render/command.ts';
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

export interface CopyContext {
  runbook: string;
  steps: CopyStep[];
  parameters: FormParameter[];
  /** The form's values that pass their checks. */
  good: () => Record<string, string>;
  /** The id of the page's checklist run: a pasted step runs with it as OPSBOOK_RUN_ID. */
  run: () => string;
}

/** Show `text` in the button's fallback box, focused and selected, so that Ctrl+C copies it. */
function showFallback(id: string, text: string): void {
  const box = document.getElementById(`${id}-fallback`);
  const area = document.getElementById(`${id}-text`) as HTMLTextAreaElement | null;
  if (!box || !area) return;
  area.value = text;
  box.hidden = false;
  area.focus();
  area.select();
}

async function writeClipboard(text: string): Promise<boolean> {
  if (!navigator.clipboard?.writeText) return false;
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

/** The text a button copies, or the parameters to fix first. */
function textFor(button: HTMLElement, context: CopyContext): { text?: string; missing: string[] } {
  const values = context.good();
  const missing = context.parameters.filter((p) => !p.secret && !(p.name in values)).map((p) => p.name);
  if (missing.length) return { missing };
  const stepId = button.dataset.step!;
  if (button.dataset.kind === 'fleet') return { text: runLine(context.runbook, values, stepId), missing };
  const script = context.steps.find((s) => s.id === stepId)?.scripts[button.dataset.kind as 'script'];
  if (!script) return { missing };
  const secrets = context.parameters.filter((p) => p.secret).map((p) => p.name);
  return {
    text: pasteableCommand(script, { values, secrets, run: { id: context.run(), runbook: context.runbook, step: stepId }, zx: button.dataset.zx }),
    missing,
  };
}

/** Wire every `button.copy` of the page. */
export function copyButtons(context: CopyContext): void {
  for (const button of document.querySelectorAll<HTMLButtonElement>('button.copy')) {
    const id = `copy-${button.dataset.step}-${button.dataset.kind}`;
    const status = document.getElementById(`${id}-status`);
    const say = (message: string) => {
      if (status) status.textContent = message;
    };
    button.addEventListener('click', () => {
      const { text, missing } = textFor(button, context);
      if (missing.length) return say(`Fix ${missing.join(', ')} in Parameters first.`);
      if (text === undefined) return;
      void writeClipboard(text).then((copied) => {
        if (copied) say('Copied. Paste it into bash or zsh.');
        else {
          say('The clipboard is not available: the text is selected below.');
          showFallback(id, text);
        }
      });
    });
  }
}
