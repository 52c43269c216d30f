// A worker thread of the check pool: checks the files it is sent against one org file
// and posts back each file's diagnostics and header (what cross-file rules need).
import { parentPort, workerData } from 'node:worker_threads';
import { checkRunbookFile } from '../check-file.ts';
import { loadOrg } from '../catalog.ts';
import type { FileResult, WorkerInput, WorkerRequest } from './pool.ts';

const input = workerData as WorkerInput;
const now = new Date(input.now);
const { org } = loadOrg(input.orgFile, input.cwd);

parentPort!.on('message', (request: WorkerRequest) => {
  if (request.files.length === 0) {
    parentPort!.close();
    return;
  }
  const results: FileResult[] = request.files.map(({ file, path }) => {
    const checked = checkRunbookFile(file, path, org, now);
    return {
      path,
      diagnostics: checked.diagnostics,
      header: checked.runbook ? { path, meta: checked.runbook.meta, positions: checked.runbook.positions } : undefined,
    };
  });
  parentPort!.postMessage(results);
});
parentPort!.postMessage('ready');
