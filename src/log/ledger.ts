// The ledger of runs: `ledger.jsonl` in the log folder, one hash-chained line per run start
// and per run end (run id, file name, head and event count of the run's log), signed by the
// run's key when it has one. A run's lines are appended under `ledger.lock` (taken like a
// run's lock, so two runs at once keep one chain), each written and fsync'd before the run
// goes on. What the ledger adds to a log's own chain: a record outside the file that the run
// existed, and how far it got (schemas/ledger.schema.json).
import { closeSync, existsSync, fstatSync, fsyncSync, ftruncateSync, openSync, readFileSync, readSync, rmSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { GENESIS, type ChainState } from './chain.ts';
import type { RunMode, RunResult, Signature } from './events.ts';
import type { Signer } from './sign.ts';
import { sha256 } from './writer.ts';
import { RunLock } from '../run/lock.ts';
import { Refusal } from '../run/refusal.ts';
import schema from '../../schemas/ledger.schema.json' with { type: 'json' };

export const LEDGER = 'ledger.jsonl';

export interface LedgerEntry {
  v: 1;
  seq: number;
  prev: string;
  ts: string;
  type: 'run-start' | 'run-end';
  run: string;
  /** The run log's file name in the folder. */
  file: string;
  runbook: string;
  mode: RunMode;
  /** Head of the run's log after `events` lines. */
  head: string;
  events: number;
  result?: RunResult;
  signature?: Signature;
}

export type LedgerBody = Omit<LedgerEntry, 'v' | 'seq' | 'prev' | 'signature'>;

// Compiled when a ledger is first read: a run only appends to it.
let compiled: ValidateFunction | undefined;
const validate = (entry: unknown): boolean => (compiled ??= new Ajv2020({ strict: false }).compile(schema))(entry);
const schemaError = (): string => {
  const e = compiled?.errors?.[0];
  return e ? `${e.instancePath || '/'} ${e.message ?? 'is invalid'}` : 'is invalid';
};

export function ledgerFile(dir: string): string {
  return join(dir, LEDGER);
}

const sleep = (ms: number): void => void Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * Remove `lock` if it is empty and was made over 10 s ago: its maker died or ran out of space
 * between making it and writing it (the ledger is held for milliseconds). The same file
 * (inode) is checked again right before, so a lock made meanwhile by another run stays.
 */
function dropEmptyLock(lock: string): boolean {
  const stale = (): number | undefined => {
    try {
      const s = statSync(lock);
      return s.size === 0 && Date.now() - s.mtimeMs > 10_000 ? s.ino : undefined;
    } catch {
      return undefined;
    }
  };
  const ino = stale();
  if (ino === undefined || stale() !== ino) return false;
  rmSync(lock, { force: true });
  return true;
}

/** Run `f` holding the folder's ledger lock (waiting up to 30 s for another run's append). */
function withLedgerLock<T>(dir: string, f: () => T): T {
  const deadline = Date.now() + 30_000;
  for (;;) {
    let lock: RunLock;
    try {
      lock = RunLock.acquire(dir, 'ledger').lock;
    } catch (error) {
      // A file system error (a full disk) is told as it is; only another run's lock is waited for.
      if (!(error instanceof Refusal)) throw error;
      if (dropEmptyLock(join(dir, 'ledger.lock'))) continue;
      if (Date.now() > deadline) throw Object.assign(new Error(`the ledger ${ledgerFile(dir)} stays locked`), { code: 'ELOCKED' });
      sleep(5);
      continue;
    }
    try {
      return f();
    } finally {
      lock.release();
    }
  }
}

/** The chain state after the last complete line of the open ledger `fd`; a torn last line is cut off. */
function tailState(fd: number): ChainState {
  const size = fstatSync(fd).size;
  if (size === 0) return { seq: 0, prev: GENESIS };
  const length = Math.min(size, 64 * 1024);
  const buffer = Buffer.alloc(length);
  readSync(fd, buffer, 0, length, size - length);
  const text = buffer.toString('utf8');
  const end = text.lastIndexOf('\n');
  if (end !== text.length - 1) {
    // A runner died while appending: its line never counted. Cut it off.
    ftruncateSync(fd, size - Buffer.byteLength(text.slice(end + 1), 'utf8'));
    if (end === -1) return { seq: 0, prev: GENESIS };
  }
  const last = text.slice(text.lastIndexOf('\n', end - 1) + 1, end);
  const entry = JSON.parse(last) as LedgerEntry;
  return { seq: entry.seq + 1, prev: sha256(last) };
}

/** The ledger line for `body` at `state`, signed by `signer` when there is one. */
export function ledgerLine(body: LedgerBody, state: ChainState, signer: Signer | undefined): string {
  const plain = JSON.stringify({ v: 1, seq: state.seq, prev: state.prev, ...body });
  if (!signer) return plain;
  const head = sha256(plain);
  const events = state.seq + 1;
  const ssh = signer.sign({ kind: 'ledger', run: body.run, runbook: body.runbook, events, head });
  return JSON.stringify({ v: 1, seq: state.seq, prev: state.prev, ...body, signature: { events, head, ssh } });
}

/** Append one line for a run to the folder's ledger, under its lock, fsync'd. */
export function appendLedger(dir: string, body: LedgerBody, signer: Signer | undefined): void {
  withLedgerLock(dir, () => {
    const fd = openSync(ledgerFile(dir), 'a+', 0o600);
    try {
      const bytes = Buffer.from(`${ledgerLine(body, tailState(fd), signer)}\n`, 'utf8');
      let offset = 0;
      while (offset < bytes.length) offset += writeSync(fd, bytes, offset);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  });
}

export interface ReadLedger {
  entries: LedgerEntry[];
  /** Each entry's own line, for its signature. */
  lines: string[];
  /** The first line that is not a ledger line or breaks the chain; entries after it are not read. */
  problem?: { line: number; message: string };
}

/** The folder's ledger, checked line by line; undefined when the folder has none. */
export function readLedger(dir: string): ReadLedger | undefined {
  const file = ledgerFile(dir);
  if (!existsSync(file)) return undefined;
  const result: ReadLedger = { entries: [], lines: [] };
  // A FIFO or a device would never end: it is named, never read.
  if (!statSync(file).isFile())
    return { ...result, problem: { line: 1, message: 'the ledger is not a regular file (a FIFO, a device or a link to one): never read' } };
  let state: ChainState = { seq: 0, prev: GENESIS };
  const text = readFileSync(file, 'utf8');
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  for (const [i, line] of lines.entries()) {
    let entry: LedgerEntry;
    try {
      entry = JSON.parse(line) as LedgerEntry;
    } catch {
      result.problem = {
        line: i + 1,
        message: i === lines.length - 1 && !text.endsWith('\n') ? 'torn: the last line is incomplete' : 'not valid JSON (edited or corrupted)',
      };
      break;
    }
    if (!validate(entry)) {
      result.problem = { line: i + 1, message: `does not match the ledger schema: ${schemaError()}` };
      break;
    }
    if (entry.seq !== state.seq || entry.prev !== state.prev) {
      result.problem = {
        line: i + 1,
        message:
          entry.seq !== state.seq
            ? `sequence number ${entry.seq}, expected ${state.seq} (a line was removed, added or reordered)`
            : 'hash of the previous line does not match (the line before it was edited)',
      };
      break;
    }
    result.entries.push(entry);
    result.lines.push(line);
    state = { seq: entry.seq + 1, prev: sha256(line) };
  }
  return result;
}
