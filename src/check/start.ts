// Starting the check workers: light on purpose (no parser loaded), so they start first.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { CheckGroup } from '../files.ts';
import type { WorkerInput } from './pool.ts';


/** Below this many files a group is checked on the main thread only. */
export const PARALLEL_THRESHOLD = 200;

/** Workers to start for `count` files: one per spare core, none for small sets. */
export function workersFor(count: number): number {
  return count < PARALLEL_THRESHOLD ? 0 : Math.min(availableParallelism() - 1, 3);
}

/** Start the workers of a group early, so their start-up overlaps the main thread's. */
export function startWorkers(group: CheckGroup, cwd: string, now: Date): Worker[] {
  const input: WorkerInput = { orgFile: group.orgFile, cwd, now: now.toISOString() };
  return Array.from({ length: workersFor(group.files.length) }, () => new Worker(new URL('./worker-entry.mjs', import.meta.url), { workerData: input }));
}

