// The runbook page: the parameter form, copy buttons and who is on duty now; the checklist, its
// runs and the run record live in checklist.ts, run-panel.ts, runs.ts and record.ts.
import { runLine } from '../../src/render/command.ts';
import { renderChecklist, startChecklist } from './checklist.ts';
import { renderRunPanel, startRunPanel } from './run-panel.ts';
import { startRecordDownload } from './record.ts';
import { RunStore } from './runs.ts';
import { showDuty } from './duty.ts';
import { readJson } from './root.ts';
import { copyButtons, type CopyStep } from './copy.ts';
import { parameterForm, type FormParameter } from './form.ts';

interface PageData {
  id: string;
  path: string;
  hash: string;
  title: string;
  tier: 'I' | 'II' | 'III';
  parameters: FormParameter[];
  steps: (CopyStep & { title: string; kind: 'exec' | 'manual' })[];
}

const data = readJson<PageData>('runbook-data')!;
const secrets = data.parameters.filter((p) => p.secret).map((p) => p.name);
const store = new RunStore(data);
// A deep link (?HOST=mx3) starts a new run holding its values; a reload continues the tab's run.
const opening = store.open(new URLSearchParams(location.search));

const form = parameterForm(
  data.parameters,
  () => store.current().values,
  (name, value) => store.setValue(name, value),
  () => render(),
);
const goodValues = form.good;

function render(): void {
  const good = goodValues();
  form.render();
  const runLineEl = document.getElementById('run-line');
  if (runLineEl) runLineEl.textContent = runLine(data.id, good);
  for (const el of document.querySelectorAll<HTMLElement>('.step-run-line')) el.textContent = runLine(data.id, good, el.dataset.step);
  renderChecklist(data, store);
  renderRunPanel(data, store);
}

/** The tab's run changed (switched, started, another tab's change): show its values and ticks. */
function runChanged(): void {
  form.fill();
  render();
}
const panel = startRunPanel(data, store, opening, runChanged);
startChecklist(data, store, panel.actionDone);
store.onChange(runChanged);

copyButtons({ runbook: data.id, steps: data.steps, parameters: data.parameters, good: goodValues, run: () => store.current().id });

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
