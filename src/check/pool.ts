// `opsbook check` over many files: the main thread and worker threads share the files
// in small chunks (parsing MDX is CPU-bound; a 2-core machine checks twice as fast).
// Few files are checked on the main thread alone: a worker costs a start-up.
import type { Worker } from 'node:worker_threads';
import { checkAcross, compareDiagnostics, loadOrg } from '../catalog.ts';
import { checkRunbookFile } from '../check-file.ts';
import { relativePath, type CheckGroup } from '../files.ts';
import type { Diagnostic, Span } from '../model.ts';
import type { RunbookHeader } from '../rules/types.ts';

export interface WorkerInput {
  orgFile: string;
  cwd: string;
  now: string;
}

export interface WorkerRequest {
  files: { file: string; path: string }[];
}

export interface FileResult {
  path: string;
  diagnostics: Diagnostic[];
  header: { path: string; meta: RunbookHeader['meta']; positions: Map<string, Span> } | undefined;
}

/** Files a worker is sent at a time. */
const CHUNK = 16;

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function checkGroup(group: CheckGroup, cwd: string, now: Date, workers: Worker[] = []): Promise<{ diagnostics: Diagnostic[]; files: string[] }> {
  const { org, diagnostics } = loadOrg(group.orgFile, cwd);
  const queue: WorkerRequest['files'][] = [];
  const all = group.files.map((file) => ({ file, path: relativePath(cwd, file) }));
  for (let i = 0; i < all.length; i += CHUNK) queue.push(all.slice(i, i + CHUNK));
  const results: FileResult[] = [];
  const done = workers.map(
    (worker) =>
      new Promise<void>((resolve, reject) => {
        const next = () => worker.postMessage({ files: queue.shift() ?? [] } satisfies WorkerRequest);
        worker.on('message', (message: 'ready' | FileResult[]) => {
          if (message !== 'ready') results.push(...message);
          next();
        });
        worker.on('error', reject);
        worker.on('exit', () => resolve());
      }),
  );
  while (queue.length > 0) {
    for (const { file, path } of queue.shift()!) {
      const checked = checkRunbookFile(file, path, org, now);
      results.push({ path, diagnostics: checked.diagnostics, header: checked.runbook });
    }
    if (workers.length > 0) await tick();
  }
  for (const worker of workers) worker.postMessage({ files: [] } satisfies WorkerRequest);
  await Promise.all(done);
  results.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  for (const r of results) diagnostics.push(...r.diagnostics);
  checkAcross(results.flatMap((r) => (r.header ? [r.header] : [])), diagnostics);
  diagnostics.sort(compareDiagnostics);
  return { diagnostics, files: [...all.map((f) => f.path), relativePath(cwd, group.orgFile)] };
}
