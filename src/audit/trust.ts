// The run logs as the audit may count them: each log checked as `opsbook log verify --all`
// checks it (its chain, its signatures against the keys in org.yaml, the ledger's record of
// it, `policy.require_signed_runs`), so a log that verify fails counts for nothing and is
// reported, and a log whose signatures verify is said to be signed.
import { basename } from 'node:path';
import type { RunSummary } from '../log/events.ts';
import type { Org } from '../model.ts';
import { allowedSigners } from '../log/allowed-signers.ts';
import { readHistory, type RunHistory } from '../log/history.ts';
import { readLedger } from '../log/ledger.ts';
import { requireSignedRuns } from '../log/policy.ts';
import { irregularLogs, verifyLedger, verifyRun, type Problem, type Verdict, type VerifyContext } from '../log/verify.ts';

/** A run as the audit counts it: `verified` as `opsbook log verify` says, `signed` when its signatures are good. */
export type AuditRun = RunSummary & { signed?: boolean };

/** A log (or the ledger) that `opsbook log verify` fails, with its first problem. */
export interface UnverifiedLog {
  file: string;
  line: number;
  problem: string;
}

export interface AuditedRuns {
  runs: AuditRun[];
  unverified: UnverifiedLog[];
}

/** A crash leaves a torn last line: verify names it, but the run is only incomplete, not forged. */
const real = (v: Verdict): Problem[] => v.problems.filter((p) => !(v.torn && p.line === v.events + 1 && p.message.startsWith('torn:')));

/** Every run of `dir` (as `history` read it), each verified as `opsbook log verify --all` does, against `org`'s signers and policy. */
export function auditedRuns(dir: string, org: Pick<Org, 'people' | 'raw' | 'path'> | undefined, history: RunHistory = readHistory(dir)): AuditedRuns {
  const ctx: VerifyContext = {
    signers: () => (org ? allowedSigners(org) : undefined),
    orgPath: org?.path ?? 'org.yaml',
    ledger: readLedger(dir),
    requireSigned: org ? requireSignedRuns(org) : false,
  };
  const unverified: UnverifiedLog[] = [];
  // The policy, not a flag, asks for signatures here: say so.
  const words = (message: string) => message.replace(/, and --require-signed is given$/, ', and policy.require_signed_runs asks for signed runs');
  const fail = (file: string, problem: Problem) => unverified.push({ file, line: problem.line, problem: words(problem.message) });
  const byFile = new Map<string, Verdict>();
  for (const file of new Set([...history.runs.map((r) => r.file), ...history.unverified])) {
    const verdict = verifyRun(file, ctx);
    byFile.set(file, verdict);
    const problems = real(verdict);
    if (problems.length) fail(file, problems[0]);
  }
  for (const v of irregularLogs(dir)) fail(v.file, v.problems[0]);
  const ledger = verifyLedger(dir, ctx);
  if (ledger && !ledger.ok) fail(ledger.file, ledger.problems[0]);
  const runs = history.runs.map((run): AuditRun => {
    const verdict = byFile.get(run.file);
    const ok = verdict !== undefined && real(verdict).length === 0;
    return { ...run, verified: ok, ...(ok && verdict.signed ? { signed: true } : {}) };
  });
  unverified.sort((a, b) => basename(a.file).localeCompare(basename(b.file)));
  return { runs, unverified };
}
