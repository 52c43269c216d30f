// `opsbook log verify`: a run log's chain, its signatures (signed checkpoints and the signed
// final head, by whose key in org.yaml) and the ledger's record of it; with --all, the ledger
// itself and every run it names. A signature covers every line up to its own, so the last
// one is checked with `ssh-keygen -Y verify` and the ones before it are read for their key.
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { AllowedSigners } from './allowed-signers.ts';
import { NAMESPACE } from './allowed-signers.ts';
import type { RunEvent, Signature } from './events.ts';
import { ledgerFile, type ReadLedger } from './ledger.ts';
import { logFiles, parseLog, runLogPaths, type ReadLog } from './read.ts';
import { verifySignature, type SignedHead } from './sign.ts';
import { fingerprint, readSignature } from './sshsig.ts';
import { sha256 } from './writer.ts';

export interface Problem {
  /** 1-based line of `file`. */
  line: number;
  message: string;
}

export interface Verdict {
  run: string;
  file: string;
  events: number;
  ok: boolean;
  signed: boolean;
  /** Person ids whose keys signed, in order of first signature. */
  signedBy: string[];
  /** How far the signatures reach: lines covered, the step of the last checkpoint, whether it is the final head. */
  anchored?: { events: number; step?: string; final: boolean };
  problems: Problem[];
  warnings: string[];
  torn: boolean;
}

export interface VerifyContext {
  /** Who may sign, from org.yaml (read when a signature is met); undefined when there is no org file. */
  signers: () => AllowedSigners | undefined;
  /** The org file's path, for messages. */
  orgPath: string;
  ledger: ReadLedger | undefined;
  requireSigned: boolean;
}

type Signed = Extract<RunEvent, { signature?: Signature }> & { signature: Signature };

const withoutSignature = (e: Signed): string => {
  const { signature: _signature, ...rest } = e;
  return JSON.stringify(rest);
};

/** Head of the log after its first `n` lines, when it has that many. */
function headAfter(log: ReadLog, n: number): string | undefined {
  if (n < log.events.length) return log.events[n].prev;
  return n === log.events.length ? log.state.prev : undefined;
}

/** What the ledger recorded of this run against the log as it is. */
function checkLedger(log: ReadLog, run: string, ledger: ReadLedger, v: Verdict): void {
  const own = ledger.entries.filter((e) => e.run === run);
  if (own.length === 0) {
    const first = ledger.entries[0];
    if (first && run.slice(0, 16) >= first.run.slice(0, 16))
      v.problems.push({ line: 1, message: 'the run is not in the ledger (written without opsbook, or its ledger lines were removed)' });
    else v.warnings.push('older than the ledger: not in it');
    return;
  }
  const lastEnd = own.filter((e) => e.type === 'run-end').at(-1);
  for (const entry of own) {
    const at = entry.type === 'run-end' ? 'end' : 'start';
    const head = headAfter(log, entry.events);
    if (entry.type === 'run-end' && entry !== lastEnd) {
      // An end the run has since gone past: its log was cut and the run resumed. Of an
      // unsigned run that is what a crash and a resume look like too; of a signed one it is not.
      if (head === entry.head) continue;
      const text = `the ledger recorded an earlier end of this run at ${entry.events} events that the log no longer has (cut, then resumed)`;
      if (v.signed || entry.signature) v.problems.push({ line: Math.min(entry.events, log.events.length), message: text });
      else v.warnings.push(text);
      continue;
    }
    if (head === undefined)
      v.problems.push({
        line: log.events.length + 1,
        message: `tail cut: the ledger recorded ${entry.events} events at the run's ${at}, the log has ${log.events.length}`,
      });
    else if (head !== entry.head)
      v.problems.push({
        line: Math.min(entry.events, log.events.length),
        message: `the log differs from what the ledger recorded at the run's ${at} (rewritten)`,
      });
    else if (entry.type === 'run-end' && log.events.length > entry.events)
      v.problems.push({ line: entry.events + 1, message: `${log.events.length - entry.events} lines after the run-end the ledger recorded` });
  }
}

/** The signatures of a log: each of this line, each by a key in org.yaml, the last one good. */
function checkSignatures(log: ReadLog, ctx: VerifyContext, v: Verdict): void {
  const start = log.events[0];
  const signed = log.events.filter((e): e is Signed => 'signature' in e && e.signature !== undefined);
  if (signed.length === 0) return;
  v.signed = true;
  const signers = ctx.signers();
  if (!signers) {
    v.problems.push({ line: signed[0].seq + 1, message: `its signatures cannot be checked: no org file at ${ctx.orgPath} (pass --root)` });
    return;
  }
  const runbook = start?.type === 'run-start' ? start.runbook.hash : '';
  let resumed = false;
  for (const e of log.events) {
    if (e.type === 'run-resume') resumed = true;
    if (!('signature' in e) || !e.signature) continue;
    const line = e.seq + 1;
    const s = e.signature;
    if (s.events !== e.seq + 1 || s.head !== sha256(withoutSignature(e as Signed))) {
      v.problems.push({ line, message: 'the signature is not of this line (its head or event count differs): the line was changed after signing' });
      continue;
    }
    const sig = readSignature(s.ssh);
    if (!sig || sig.namespace !== NAMESPACE) {
      v.problems.push({ line, message: `not an SSH signature of namespace \`${NAMESPACE}\`` });
      continue;
    }
    const owner = signers.owner(sig.key);
    if (!owner) {
      v.problems.push({ line, message: `signed by a key that is not in ${ctx.orgPath} (${fingerprint(sig.key)})` });
      continue;
    }
    if (!v.signedBy.includes(owner)) v.signedBy.push(owner);
    if (!resumed && start?.type === 'run-start' && start.mode !== 'browser' && start.operator.id !== undefined && owner !== start.operator.id)
      v.problems.push({ line, message: `signed by \`${owner}\`, but the run's operator is \`${start.operator.id}\`` });
    if (e === signed.at(-1)) {
      const head: SignedHead = { kind: 'run', run: e.run, runbook, events: s.events, head: s.head };
      if (!verifySignature(sig.key, head, s.ssh)) v.problems.push({ line, message: `signature invalid: not a good signature of this line by ${owner}'s key` });
      else v.anchored = { events: s.events, ...(e.type === 'checkpoint' && e.step ? { step: e.step } : {}), final: e.type === 'run-end' };
    }
  }
  const end = log.events.find((e) => e.type === 'run-end');
  if (end && !('signature' in end && end.signature))
    v.problems.push({ line: end.seq + 1, message: 'the run-end is not signed, though the run is (the end was replaced)' });
  else if (!end && v.anchored) {
    const after = log.events.length - v.anchored.events;
    v.warnings.push(
      `the run has not ended (stopped, or still running): anchored up to ${v.anchored.step ? `step ${v.anchored.step}` : 'its last checkpoint'} (event ${v.anchored.events} of ${log.events.length})${after > 0 ? `; the ${after} events after it are not signed` : ''}`,
    );
  }
}

/** Verify one run log. */
export function verifyRun(file: string, ctx: VerifyContext): Verdict {
  const name = basename(file).replace(/\.jsonl$/, '');
  const text = readFileSync(file, 'utf8');
  const log = parseLog(file, text);
  const v: Verdict = { run: name, file, events: log.events.length, ok: false, signed: false, signedBy: [], problems: [], warnings: [], torn: log.torn };
  if (text.length === 0) v.problems.push({ line: 1, message: 'the log is empty: the run and its events are gone' });
  if (log.problem) v.problems.push(log.problem);
  const start = log.events[0];
  if (start && start.run !== name)
    v.problems.push({ line: 1, message: `its run id \`${start.run}\` is not its file name \`${basename(file)}\` (another run's log copied here)` });
  checkSignatures(log, ctx, v);
  if (ctx.ledger) checkLedger(log, name, ctx.ledger, v);
  if (!v.signed && text.length > 0) {
    const self = start?.type === 'run-start' && start.mode === 'browser' ? ' (a browser record: self-reported)' : '';
    if (ctx.requireSigned) v.problems.push({ line: 1, message: `not signed${self}, and --require-signed is given` });
    else v.warnings.push(`not signed${self}`);
  }
  v.problems.sort((a, b) => a.line - b.line);
  v.ok = v.problems.length === 0;
  return v;
}

/** The ledger's own chain and signatures, and (with `files`) a log file for every run it names. */
export function verifyLedger(dir: string, ctx: VerifyContext, files = true): Verdict | undefined {
  const ledger = ctx.ledger;
  if (!ledger) return undefined;
  const file = ledgerFile(dir);
  const v: Verdict = { run: 'ledger', file, events: ledger.entries.length, ok: false, signed: false, signedBy: [], problems: [], warnings: [], torn: false };
  if (ledger.problem) v.problems.push(ledger.problem);
  const seen = new Set<string>();
  for (const [i, entry] of ledger.entries.entries()) {
    if (files && !seen.has(entry.run) && !existsSync(join(dir, entry.file)))
      v.problems.push({ line: i + 1, message: `run ${entry.run} is in the ledger, but its log ${entry.file} is missing (deleted)` });
    seen.add(entry.run);
  }
  const signedAt = ledger.entries.map((e, i) => [e, i] as const).filter(([e]) => e.signature);
  for (const [entry, i] of signedAt) {
    const s = entry.signature!;
    const { signature: _signature, ...rest } = entry;
    const sig = readSignature(s.ssh);
    const owner = sig && ctx.signers()?.owner(sig.key);
    if (s.events !== i + 1 || s.head !== sha256(JSON.stringify(rest)) || !sig || !owner) {
      v.problems.push({
        line: i + 1,
        message: sig && !owner ? `signed by a key that is not in ${ctx.orgPath} (${fingerprint(sig.key)})` : 'the signature is not of this line',
      });
      continue;
    }
    v.signed = true;
    if (!v.signedBy.includes(owner)) v.signedBy.push(owner);
    if (
      i === signedAt.at(-1)![1] &&
      !verifySignature(sig.key, { kind: 'ledger', run: entry.run, runbook: entry.runbook, events: s.events, head: s.head }, s.ssh)
    )
      v.problems.push({ line: i + 1, message: `signature invalid: not a good signature of this line by ${owner}'s key` });
  }
  v.problems.sort((a, b) => a.line - b.line);
  v.ok = v.problems.length === 0;
  return v;
}

/** Every run log of the folder, then the ledger. */
/** Files named like run logs that are not regular files (a FIFO, a device): each a failed verdict, never read. */
export function irregularLogs(dir: string): Verdict[] {
  const regular = new Set(logFiles(dir));
  return runLogPaths(dir)
    .filter((file) => !regular.has(file))
    .map((file) => ({
      run: basename(file, '.jsonl'),
      file,
      events: 0,
      ok: false,
      signed: false,
      signedBy: [],
      problems: [{ line: 1, message: 'not a regular file (a FIFO, a device or a link to one): never read, so no run' }],
      warnings: [],
      torn: false,
    }));
}

export function verifyFolder(dir: string, ctx: VerifyContext): Verdict[] {
  const verdicts = [...logFiles(dir).map((file) => verifyRun(file, ctx)), ...irregularLogs(dir)];
  const ledger = verifyLedger(dir, ctx);
  return ledger ? [...verdicts, ledger] : verdicts;
}
