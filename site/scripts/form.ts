// The runbook page's parameter form: values from the URL (?HOST=mx3), then what this browser
// saved, then the defaults; each checked against its pattern as `opsbook run` checks it, and
// the uses of each parameter in the scripts marked with its value.
import { compilePattern } from '../../src/parse/pattern.ts';

export interface FormParameter {
  name: string;
  pattern?: string;
  secret: boolean;
  default?: string;
}

export interface ParameterForm {
  /** The values that pass their checks, by name (secrets are never here). */
  good: () => Record<string, string>;
  /** Mark each use of a parameter in the scripts with its value. */
  render: () => void;
}

/**
 * Wire the form's inputs. `stored` is what this browser saved; `onValid` is told of each value
 * that passes its check (to save it), `onChange` of every edit.
 */
export function parameterForm(
  parameters: FormParameter[],
  stored: Record<string, string>,
  onValid: (name: string, value: string) => void,
  onChange: () => void,
): ParameterForm {
  const secrets = parameters.filter((p) => p.secret).map((p) => p.name);
  const url = new URLSearchParams(location.search);
  const values: Record<string, string> = {};
  const valid: Record<string, boolean> = {};
  for (const p of parameters) {
    if (p.secret) continue;
    values[p.name] = url.get(p.name) ?? stored[p.name] ?? p.default ?? '';
  }

  function validate(name: string): boolean {
    const p = parameters.find((x) => x.name === name)!;
    const value = values[name] ?? '';
    let message = '';
    if (value === '') message = 'Enter a value.';
    else if (p.pattern !== undefined && !compilePattern(p.pattern)?.test(value)) message = `“${value}” does not match ${p.pattern}.`;
    else if (/[\u0000-\u001f\u007f]/.test(value)) message = 'Control characters are not allowed.';
    const input = document.getElementById(`param-${name}`) as HTMLInputElement | null;
    const error = document.getElementById(`param-${name}-error`);
    input?.setAttribute('aria-invalid', String(message !== ''));
    if (error) error.textContent = message;
    valid[name] = message === '';
    return valid[name];
  }

  const good = (): Record<string, string> => Object.fromEntries(Object.entries(values).filter(([k]) => valid[k]));

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

  for (const p of parameters) {
    if (p.secret) continue;
    const input = document.getElementById(`param-${p.name}`) as HTMLInputElement | null;
    if (!input) continue;
    input.value = values[p.name] ?? '';
    validate(p.name);
    input.addEventListener('input', () => {
      values[p.name] = input.value;
      if (validate(p.name)) onValid(p.name, input.value);
      onChange();
    });
  }
  return { good, render };
}
