// The run record: the tab's run as run-log events (run-start with its operator and ticket, one
// confirm per ticked step, run-end when all are done), downloaded as JSON Lines for
// `opsbook log import`.
import { sealAll, type EventBody } from '../../src/log/chain.ts';
import { sha256Hex } from '../../src/log/sha256.ts';
import type { ChecklistPage, Run, RunStore } from './runs.ts';

/** The record's lines; `parameters` are the valid values with secrets already `[redacted]`. */
export function record(page: ChecklistPage, saved: Run, operator: string, parameters: Record<string, string>): string {
  const ticked = page.steps.filter((s) => saved.ticks[s.id]).sort((a, b) => saved.ticks[a.id].localeCompare(saved.ticks[b.id]));
  const started = saved.started ?? new Date().toISOString();
  const run = saved.id;
  const bodies: EventBody[] = [
    {
      ts: started,
      run,
      type: 'run-start',
      runbook: { id: page.id, path: page.path, hash: saved.hash || page.hash, title: page.title, tier: page.tier },
      mode: 'browser',
      operator: { name: operator },
      host: location.hostname || 'browser',
      parameters,
      ...(saved.ticket ? { ticket: saved.ticket } : {}),
    },
    ...ticked.map((s): EventBody => ({ ts: saved.ticks[s.id], run, type: 'confirm', step: s.id, action: 'done', via: 'browser' })),
  ];
  if (ticked.length === page.steps.length && ticked.length > 0) {
    const end = saved.ticks[ticked[ticked.length - 1].id];
    bodies.push({ ts: end, run, type: 'run-end', result: 'succeeded', durationMs: Math.max(0, Date.parse(end) - Date.parse(started)) });
  }
  return `${sealAll(bodies, sha256Hex).join('\n')}\n`;
}

/** The run's operator, asked for when the run has none yet (then kept with the run). */
function operatorName(store: RunStore): string | undefined {
  const name = store.current().operator ?? (prompt('Your name, for the run record:', store.defaultOperator()) ?? '').trim();
  if (name && !store.current().operator) store.setOperator(name);
  return name || undefined;
}

/** The "Download run record" button; `parameters` gives the values to record at the moment of the click. */
export function startRecordDownload(page: ChecklistPage, store: RunStore, parameters: () => Record<string, string>, asked: () => void): void {
  document.getElementById('download-record')?.addEventListener('click', () => {
    const operator = operatorName(store);
    if (!operator) return;
    asked();
    const run = store.current();
    const blob = new Blob([record(page, run, operator, parameters())], { type: 'application/x-ndjson' });
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = `${run.id}-${page.id}.jsonl`;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  });
}
