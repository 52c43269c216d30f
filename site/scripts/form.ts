// The runbook page's parameter form: the values of the tab's checklist run (a deep link's
// ?HOST=mx3 seeds a new run), else the defaults; each checked by the one check `opsbook run` uses
// (src/parse/param-value.ts: what a pattern expects in words; a host name typed in upper case
// taken lower-cased, saying so), and the uses of each parameter in the scripts marked with its value.
import { checkParamValue } from '../../src/parse/param-value.ts';

export interface FormParameter {
  name: string;
  pattern?: string;
  secret: boolean;
  default?: string;
  example?: string;
}

/** A message of the engine (`code` in backticks) as the page shows it, in quotes. */
const shown = (text: string) => text.replace(/`([^`]*)`/g, '“$1”');

export interface ParameterForm {
  /** The values that pass their checks, by name (secrets are never here). */
  good: () => Record<string, string>;
  /** Mark each use of a parameter in the scripts with its value. */
  render: () => void;
  /** Show the stored values again (the tab's run changed); the field being typed in is left alone. */
  fill: () => void;
}

/**
 * Wire the form's inputs. `stored` gives what the tab's run holds; `onValid` is told of each
 * value that passes its check (to save it), `onChange` of every edit.
 */
export function parameterForm(
  parameters: FormParameter[],
  stored: () => Record<string, string>,
  onValid: (name: string, value: string) => void,
  onChange: () => void,
): ParameterForm {
  const secrets = parameters.filter((p) => p.secret).map((p) => p.name);
  const values: Record<string, string> = {};
  const valid: Record<string, boolean> = {};
  /** The value each valid field stands for (a host name lower-cased). */
  const used: Record<string, string> = {};

  function validate(name: string): boolean {
    const p = parameters.find((x) => x.name === name)!;
    const value = values[name] ?? '';
    const checked = checkParamValue(p, value);
    let message = '';
    if (value === '') message = 'Enter a value.';
    else if (checked.problem) message = `${shown(checked.problem.startsWith(p.name) ? checked.problem : `\`${value}\` ${checked.problem}`)}.`;
    else if (/[\u0000-\u001f\u007f]/.test(value)) message = 'Control characters are not allowed.';
    const input = document.getElementById(`param-${name}`) as HTMLInputElement | null;
    const error = document.getElementById(`param-${name}-error`);
    const note = document.getElementById(`param-${name}-note`);
    input?.setAttribute('aria-invalid', String(message !== ''));
    if (error) error.textContent = message;
    if (note) note.textContent = message === '' && checked.note ? `${shown(checked.note)}.` : '';
    valid[name] = message === '';
    if (valid[name]) used[name] = checked.value;
    return valid[name];
  }

  const good = (): Record<string, string> =>
    Object.fromEntries(
      Object.keys(values)
        .filter((k) => valid[k])
        .map((k) => [k, used[k]]),
    );

  function render(): void {
    const filled = good();
    for (const span of document.querySelectorAll<HTMLElement>('.param[data-param]')) {
      const name = span.dataset.param!;
      const value = filled[name];
      span.classList.toggle('filled', value !== undefined && !secrets.includes(name));
      span.title =
        value !== undefined && !secrets.includes(name) ? `${name} = ${value} (from the form; copied as an environment variable)` : `${name}: not set`;
    }
  }

  function fill(): void {
    const saved = stored();
    for (const p of parameters) {
      if (p.secret) continue;
      const input = document.getElementById(`param-${p.name}`) as HTMLInputElement | null;
      if (input && input === document.activeElement) continue;
      values[p.name] = saved[p.name] ?? p.default ?? '';
      if (input) input.value = values[p.name];
      validate(p.name);
    }
  }

  fill();
  for (const p of parameters) {
    if (p.secret) continue;
    const input = document.getElementById(`param-${p.name}`) as HTMLInputElement | null;
    input?.addEventListener('input', () => {
      values[p.name] = input.value;
      if (validate(p.name)) onValid(p.name, used[p.name]);
      onChange();
    });
  }
  return { good, render, fill };
}
