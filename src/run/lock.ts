// One writer per run log: `<run-id>.lock` beside the log, created exclusively (O_EXCL) and
// holding the writer's pid, the kernel's start time of that pid, its host and since when.
// A second runner or resume of the run is refused and told who holds it. A lock left by a
// process that is gone (same host, pid not running or reused) is taken over; the caller logs
// that. Two takeovers of one stale lock are serialised by a second exclusive file,
// `<run-id>.lock.takeover`, so neither can delete the lock the other has just made.
import { closeSync, fsyncSync, openSync, readFileSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { asLogDirError, ensureLogDir } from '../log/writer.ts';
import { isStillRunning, processStartTime } from './process.ts';
import { Refusal } from './refusal.ts';

export interface LockHolder {
  pid: number;
  /** Kernel start time of `pid` (Linux), so a reused pid is not taken for the holder. */
  pidStart?: string;
  host: string;
  /** ISO 8601 UTC. */
  since: string;
}

export function lockFile(dir: string, run: string): string {
  return join(dir, `${run}.lock`);
}

function errno(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException).code;
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Create `file` with `text` only if it does not exist; false when it does. A file that could
 * not be written whole (a full disk) is removed again: an empty lock would refuse every
 * later run as "not a lock record".
 */
function createExclusive(file: string, text: string): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'wx', 0o600);
  } catch (error) {
    if (errno(error) === 'EEXIST') return false;
    throw error;
  }
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    unlinkSync(file);
    throw error;
  }
  closeSync(fd);
  return true;
}

/** The holder recorded in `file`: undefined when the file is gone; null when it cannot be read as a lock. */
function readHolder(file: string): { raw: string; holder: LockHolder | null } | undefined {
  // A lock is written right after it is created: give a writer a moment to finish.
  for (let attempt = 0; ; attempt++) {
    let raw: string;
    try {
      raw = readFileSync(file, 'utf8');
    } catch (error) {
      if (errno(error) === 'ENOENT') return undefined;
      throw error;
    }
    try {
      const holder = JSON.parse(raw) as LockHolder;
      if (Number.isInteger(holder.pid) && typeof holder.host === 'string' && typeof holder.since === 'string') return { raw, holder };
    } catch {
      // not (yet) a whole lock record
    }
    if (attempt >= 10) return { raw, holder: null };
    sleep(20);
  }
}

/** Whether the holder is certainly gone: it ran on this host and its pid no longer runs (or was reused). */
export function isStale(holder: LockHolder, host = hostname()): boolean {
  return holder.host === host && !isStillRunning(holder.pid, holder.pidStart);
}

export function describeHolder(holder: LockHolder): string {
  return `pid ${holder.pid} on ${holder.host} since ${holder.since.replace(/\.\d+Z$/, 'Z')}`;
}

export class RunLock {
  private held = true;

  private constructor(
    readonly file: string,
    private readonly text: string,
    /** The record of the dead holder this lock replaced. */
    private readonly stale?: string,
  ) {}

  /**
   * Lock run `run` in `dir` for this process. Refused (Refusal) while another live process
   * holds it, or one on another host (which cannot be checked from here). `tookOver` names
   * the dead holder of a stale lock that was replaced. File system errors are thrown as they are.
   */
  static acquire(dir: string, run: string, now = new Date()): { lock: RunLock; tookOver?: LockHolder } {
    const file = lockFile(dir, run);
    const start = processStartTime(process.pid);
    const me: LockHolder = { pid: process.pid, ...(start ? { pidStart: start } : {}), host: hostname(), since: now.toISOString() };
    const text = `${JSON.stringify(me)}\n`;
    for (let attempt = 0; attempt < 100; attempt++) {
      if (createExclusive(file, text)) return { lock: new RunLock(file, text) };
      const found = readHolder(file);
      if (!found) continue;
      const { holder } = found;
      if (!holder)
        throw new Refusal(
          `Run ${run} is locked, but its lock file ${file} is not a lock record`,
          'If no opsbook is writing this run, delete that file and resume again.',
        );
      if (!isStale(holder)) {
        throw new Refusal(
          `Run ${run} is locked by another opsbook: ${describeHolder(holder)}`,
          holder.host === hostname()
            ? "Wait for it to end; one process at a time writes a run's log."
            : `That host cannot be checked from here: if that process is gone, delete ${file} and resume again.`,
        );
      }
      const guard = `${file}.takeover`;
      if (!createExclusive(guard, text)) {
        const other = readHolder(guard);
        if (other?.holder && isStale(other.holder) && readHolder(guard)?.raw === other.raw) unlinkSync(guard);
        else sleep(20);
        continue;
      }
      try {
        if (readHolder(file)?.raw !== found.raw) continue;
        unlinkSync(file);
        if (createExclusive(file, text)) return { lock: new RunLock(file, text, found.raw), tookOver: holder };
      } finally {
        unlinkSync(guard);
      }
    }
    throw new Refusal(`Could not lock run ${run}: its lock file ${file} keeps changing`, 'Another opsbook is starting on this run; try again.');
  }

  /**
   * Remove the lock if it is still this process's; safe to call twice. With `putBackStale`, a
   * lock taken over from a dead holder gets that holder's record back instead: a resume that
   * was refused before it logged the takeover leaves the lock as it found it.
   */
  release(putBackStale = false): void {
    if (!this.held) return;
    this.held = false;
    try {
      if (readFileSync(this.file, 'utf8') !== this.text) return;
      if (putBackStale && this.stale !== undefined) writeFileSync(this.file, this.stale);
      else unlinkSync(this.file);
    } catch {
      // Gone already: nothing to release.
    }
  }
}

/** Make the log folder if need be and lock run `run` in it; a file system error is a LogDirError. */
export function lockRun(dir: string, run: string): { lock: RunLock; tookOver?: LockHolder } {
  ensureLogDir(dir);
  try {
    return RunLock.acquire(dir, run);
  } catch (error) {
    throw error instanceof Refusal ? error : asLogDirError(dir, error);
  }
}
