// Every run in a log directory, each log read once: what the audit and the site's pages need
// (summaries, logs that fail verify, and per runbook its history, last run and last success).
import { logFiles, readLog, summarise } from './read.ts';
import type { RunSummary } from './events.ts';

export interface RunbookRuns {
  /** Runs of the runbook, oldest first, dry runs left out. */
  runs: RunSummary[];
  last?: RunSummary;
  lastSuccess?: RunSummary;
}

export interface RunHistory {
  /** Every run, oldest first (dry runs included): the audit's input. */
  runs: RunSummary[];
  /** Log files that fail `opsbook log verify` for more than a torn last line. */
  unverified: string[];
  /** The runs of one runbook (by front-matter id). */
  ofRunbook(id: string): RunbookRuns;
}

/** Read every log of `dir` once. A missing directory is an empty history. */
export function readHistory(dir: string): RunHistory {
  const runs: RunSummary[] = [];
  const unverified: string[] = [];
  for (const file of logFiles(dir)) {
    const log = readLog(file);
    if (log.problem !== undefined && !log.torn) unverified.push(file);
    const summary = summarise(log);
    if (summary) runs.push(summary);
  }
  const byRunbook = new Map<string, RunSummary[]>();
  for (const run of runs) if (run.mode !== 'dry-run') byRunbook.set(run.runbookId, [...(byRunbook.get(run.runbookId) ?? []), run]);
  return {
    runs,
    unverified,
    ofRunbook(id) {
      const own = byRunbook.get(id) ?? [];
      const last = own.at(-1);
      const lastSuccess = own.filter((r) => r.result === 'succeeded').at(-1);
      return { runs: own, ...(last ? { last } : {}), ...(lastSuccess ? { lastSuccess } : {}) };
    },
  };
}
