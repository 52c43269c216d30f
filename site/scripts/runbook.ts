// The runbook page: the parameter form, copy buttons and who is on duty now; the checklist, its
// runs and the run record live in checklist.ts, run-panel.ts, runs.ts and record.ts.
import { compilePattern } from '../../src/parse/pattern.ts';
import { pasteableCommand, runLine } from '../../src/render/command.ts';
import { renderChecklist, startChecklist } from './checklist.ts';
import { renderRunPanel, startRunPanel } from './run-panel.ts';
import { startRecordDownload } from './record.ts';
import { RunStore } from './runs.ts';
import { showDuty } from './duty.ts';
import { readJson } from './root.ts';

interface PageScript {
  code: string;
  vars: string[];
  engine: 'bash' | 'zx';
}
interface PageData {
  id: string;
  path: string;
  hash: string;
  title: string;
  tier: 'I' | 'II' | 'III';
  parameters: { name: string; pattern?: string; secret: boolean; default?: string }[];
  steps: { id: string; title: string; kind: 'exec' | 'manual'; scripts: Partial<Record<'script' | 'verify' | 'rollback', PageScript>> }[];
}

const data = readJson<PageData>('runbook-data')!;
const secrets = data.parameters.filter((p) => p.secret).map((p) => p.name);
const store = new RunStore(data);
// A deep link (?HOST=mx3) starts a new run holding its values; a reload continues the tab's run.
const opening = store.open(new URLSearchParams(location.search));

const values: Record<string, string> = {};
const valid: Record<string, boolean> = {};

function validate(name: string): boolean {
  const p = data.parameters.find((x) => x.name === name)!;
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

function goodValues(): Record<string, string> {
  return Object.fromEntries(Object.entries(values).filter(([k]) => valid[k]));
}

function render(): void {
  const good = goodValues();
  for (const span of document.querySelectorAll<HTMLElement>('.param[data-param]')) {
    const name = span.dataset.param!;
    const value = good[name];
    span.classList.toggle('filled', value !== undefined && !secrets.includes(name));
    span.title = value !== undefined && !secrets.includes(name) ? `${name} = ${value} (from the form; copied as an environment variable)` : `${name}: not set`;
  }
  const runLineEl = document.getElementById('run-line');
  if (runLineEl) runLineEl.textContent = runLine(data.id, good);
  for (const el of document.querySelectorAll<HTMLElement>('.step-run-line')) el.textContent = runLine(data.id, good, el.dataset.step);
  renderChecklist(data, store);
  renderRunPanel(data, store);
}

/** The form shows the tab's run's values, else the defaults; the field being typed in is left alone. */
function fillForm(): void {
  for (const p of data.parameters) {
    if (p.secret) continue;
    const input = document.getElementById(`param-${p.name}`) as HTMLInputElement | null;
    if (input && input === document.activeElement) continue;
    values[p.name] = store.current().values[p.name] ?? p.default ?? '';
    if (input) input.value = values[p.name];
    validate(p.name);
  }
}
fillForm();

for (const p of data.parameters) {
  if (p.secret) continue;
  const input = document.getElementById(`param-${p.name}`) as HTMLInputElement | null;
  input?.addEventListener('input', () => {
    values[p.name] = input.value;
    if (validate(p.name)) store.setValue(p.name, input.value);
    render();
  });
}

/** The tab's run changed (switched, started, another tab's change): show its values and ticks. */
function runChanged(): void {
  fillForm();
  render();
}
const panel = startRunPanel(data, store, opening, runChanged);
startChecklist(data, store, panel.actionDone);
store.onChange(runChanged);

/** Copy the filled-in command of the step a copy button belongs to, and say how it went. */
async function copy(button: HTMLButtonElement): Promise<void> {
  const step = data.steps.find((s) => s.id === button.dataset.step);
  const script = step?.scripts[button.dataset.kind as 'script'];
  if (!script) return;
  const missing = script.vars.filter((v) => data.parameters.some((p) => p.name === v && !p.secret) && !(v in goodValues()));
  if (missing.length) {
    button.textContent = `Fix ${missing.join(', ')} first`;
    return;
  }
  const text = pasteableCommand(script, { values: goodValues(), secrets });
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

startRecordDownload(
  data,
  store,
  () => {
    const parameters: Record<string, string> = { ...goodValues() };
    for (const name of secrets) parameters[name] = '[redacted]';
    return parameters;
  },
  panel.actionDone,
);

render();
showDuty();
