// The runbook page: checklist that survives reloads, parameter form, copy buttons, who is on
// duty now, and a run record in the run-log schema that `opsbook log import` accepts.
import { runLine } from '../../src/render/command.ts';
import { sealAll, type EventBody } from '../../src/log/chain.ts';
import { sha256Hex } from '../../src/log/sha256.ts';
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
/** What survives a reload; secrets are never part of it. */
interface Saved {
  run: string;
  started?: string;
  ticks: Record<string, string>;
  values: Record<string, string>;
}

const data = readJson<PageData>('runbook-data')!;
const key = `opsbook:checklist:${data.id}:${data.hash}`;
const secrets = data.parameters.filter((p) => p.secret).map((p) => p.name);

function newRunId(now = new Date()): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  const rand = Array.from(crypto.getRandomValues(new Uint8Array(3)), (b) => b.toString(16).padStart(2, '0')).join('');
  return `${stamp}-${rand}`;
}

function load(): Saved {
  try {
    const saved = JSON.parse(localStorage.getItem(key) ?? 'null') as Saved | null;
    if (saved && typeof saved.run === 'string') return { ...saved, ticks: saved.ticks ?? {}, values: saved.values ?? {} };
  } catch {
    // A broken entry starts a fresh checklist.
  }
  return { run: newRunId(), ticks: {}, values: {} };
}

let saved = load();
const save = () => localStorage.setItem(key, JSON.stringify(saved));

const form = parameterForm(
  data.parameters,
  saved.values,
  (name, value) => {
    saved.values[name] = value;
    save();
  },
  () => render(),
);
const goodValues = form.good;

function render(): void {
  const good = goodValues();
  form.render();
  const runLineEl = document.getElementById('run-line');
  if (runLineEl) runLineEl.textContent = runLine(data.id, good);
  for (const el of document.querySelectorAll<HTMLElement>('.step-run-line')) el.textContent = runLine(data.id, good, el.dataset.step);
  const done = data.steps.filter((s) => saved.ticks[s.id]).length;
  const progress = document.getElementById('progress');
  if (progress) progress.textContent = `${done} of ${data.steps.length} steps done`;
  for (const step of data.steps) {
    const box = document.getElementById(`check-${step.id}`) as HTMLInputElement | null;
    if (box) box.checked = Boolean(saved.ticks[step.id]);
    document.getElementById(`step-${step.id}`)?.classList.toggle('done', Boolean(saved.ticks[step.id]));
  }
}

function operatorName(): string | undefined {
  let name = localStorage.getItem('opsbook:operator') ?? '';
  if (!name) {
    name = (prompt('Your name, for the run record (asked once):') ?? '').trim();
    if (name) localStorage.setItem('opsbook:operator', name);
  }
  return name || undefined;
}

for (const step of data.steps) {
  const box = document.getElementById(`check-${step.id}`) as HTMLInputElement | null;
  box?.addEventListener('change', () => {
    const now = new Date().toISOString();
    if (box.checked) {
      saved.started ??= now;
      saved.ticks[step.id] = now;
    } else delete saved.ticks[step.id];
    save();
    render();
  });
}

document.getElementById('start-over')?.addEventListener('click', () => {
  saved = { run: newRunId(), ticks: {}, values: saved.values };
  save();
  render();
});

copyButtons({ runbook: data.id, steps: data.steps, parameters: data.parameters, good: goodValues, run: () => saved.run });

/** The checklist as run-log events: run-start, one confirm per ticked step, run-end when all are done. */
function record(operator: string): string {
  const ticked = data.steps.filter((s) => saved.ticks[s.id]).sort((a, b) => saved.ticks[a.id].localeCompare(saved.ticks[b.id]));
  const started = saved.started ?? new Date().toISOString();
  const parameters: Record<string, string> = { ...goodValues() };
  for (const name of secrets) parameters[name] = '[redacted]';
  const run = saved.run;
  const bodies: EventBody[] = [
    {
      ts: started,
      run,
      type: 'run-start',
      runbook: { id: data.id, path: data.path, hash: data.hash, title: data.title, tier: data.tier },
      mode: 'browser',
      operator: { name: operator },
      host: location.hostname || 'browser',
      parameters,
    },
    ...ticked.map((s): EventBody => ({ ts: saved.ticks[s.id], run, type: 'confirm', step: s.id, action: 'done', via: 'browser' })),
  ];
  if (ticked.length === data.steps.length && ticked.length > 0) {
    const end = saved.ticks[ticked[ticked.length - 1].id];
    bodies.push({ ts: end, run, type: 'run-end', result: 'succeeded', durationMs: Math.max(0, Date.parse(end) - Date.parse(started)) });
  }
  return `${sealAll(bodies, sha256Hex).join('\n')}\n`;
}

document.getElementById('download-record')?.addEventListener('click', () => {
  const operator = operatorName();
  if (!operator) return;
  const blob = new Blob([record(operator)], { type: 'application/x-ndjson' });
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = `${saved.run}-${data.id}.jsonl`;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
});

render();
showDuty();
