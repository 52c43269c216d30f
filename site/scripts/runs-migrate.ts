// Checklists saved by an older manual (one per runbook and content hash, under
// `opsbook:checklist:<id>:<hash>`) become one run each, so a person mid-incident during the
// upgrade keeps every tick and value. The old entry goes once its run is written.
import { newRunId, RUN_ID } from './run-id.ts';
import type { Run } from './runs.ts';

interface OldChecklist {
  run?: unknown;
  started?: unknown;
  ticks?: unknown;
  values?: unknown;
}

function strings(value: unknown): Record<string, string> {
  if (!value || typeof value !== 'object') return {};
  return Object.fromEntries(Object.entries(value).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

/** Hand each old checklist of `runbook` that holds anything to `keep` as a run, then remove it. */
export function migrateOldChecklist(runbook: string, keep: (run: Run) => void): void {
  const prefix = `opsbook:checklist:${runbook}:`;
  const keys: string[] = [];
  for (let i = 0; i < localStorage.length; i++) {
    const key = localStorage.key(i);
    if (key?.startsWith(prefix)) keys.push(key);
  }
  for (const key of keys) {
    let old: OldChecklist | null = null;
    try {
      old = JSON.parse(localStorage.getItem(key) ?? 'null') as OldChecklist | null;
    } catch {
      // Unreadable: nothing in it can be kept.
    }
    const ticks = strings(old?.ticks);
    const values = strings(old?.values);
    if (Object.keys(ticks).length > 0 || Object.keys(values).length > 0) {
      const first = Object.values(ticks).sort()[0];
      keep({
        id: typeof old?.run === 'string' && RUN_ID.test(old.run) ? old.run : newRunId(),
        hash: key.slice(prefix.length),
        started: typeof old?.started === 'string' ? old.started : (first ?? new Date().toISOString()),
        operator: localStorage.getItem('opsbook:operator') || undefined,
        ticks,
        values,
      });
    }
    localStorage.removeItem(key);
  }
}
