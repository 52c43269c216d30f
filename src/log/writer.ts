// Append-only run log: one JSON line per event, chained by hash, each written and fsync'd
// before the runner goes on, so `kill -9` at any moment loses at most a torn last line.
import { createHash, randomBytes } from 'node:crypto';
import { accessSync, closeSync, constants, existsSync, fsyncSync, ftruncateSync, mkdirSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fsErrorCode, whyNotWritten } from '../fs-reason.ts';
import { GENESIS, seal, type ChainState, type EventBody } from './chain.ts';
import type { RunEvent, Signature } from './events.ts';

/** Signs lines and writes what follows a line (checkpoints, the ledger): src/log/anchor.ts. */
export interface LogAnchor {
  /** Whether a line of this type carries a signature. */
  signs(type: EventBody['type']): boolean;
  signature(run: string, events: number, head: string): Signature;
  /** Called once `event` is on disk, with the chain's state after it. */
  after(event: RunEvent, state: ChainState, file: string, append: (body: EventBody) => void): void;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** A sortable run id: UTC time to the second and six random hex digits. */
export function newRunId(now = new Date()): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return `${stamp}-${randomBytes(3).toString('hex')}`;
}

/** A log directory that cannot be made or written: a user error, told in one line. */
export class LogDirError extends Error {
  constructor(
    readonly dir: string,
    readonly code: string,
  ) {
    super(`Cannot write run logs in ${dir}: ${whyNotWritten(code)} (${code})`);
    this.name = 'LogDirError';
  }
}

/** `error` as a LogDirError for `dir` when it is a file system error; otherwise itself. */
export function asLogDirError(dir: string, error: unknown): unknown {
  const code = fsErrorCode(error);
  return code ? new LogDirError(dir, code) : error;
}

/**
 * Make `dir` and the folders above it that are missing, private to the user. Not
 * `mkdirSync(…, { recursive: true })`: that loops forever on a path such as /proc/x.
 */
function makeDirs(dir: string): void {
  try {
    mkdirSync(dir, { mode: 0o700 });
    return;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') {
      if (statSync(dir).isDirectory()) return;
      throw error;
    }
    const parent = dirname(dir);
    if (code !== 'ENOENT' || parent === dir || existsSync(parent)) throw error;
  }
  makeDirs(dirname(dir));
  mkdirSync(dir, { mode: 0o700 });
}

/**
 * Throw a LogDirError when `dir` cannot be made or written, as far as can be told without
 * making it: a file in the way, or no write access to it or to the nearest folder above it.
 */
export function probeLogDir(dir: string): void {
  for (let at = dir; ; at = dirname(at)) {
    if (!existsSync(at)) {
      if (dirname(at) === at) throw new LogDirError(dir, 'ENOENT');
      continue;
    }
    if (!statSync(at).isDirectory()) throw new LogDirError(dir, 'ENOTDIR');
    try {
      accessSync(at, constants.W_OK | constants.X_OK);
      return;
    } catch (error) {
      throw new LogDirError(dir, (error as NodeJS.ErrnoException).code ?? 'EACCES');
    }
  }
}

/** Make the log directory if it is missing; a LogDirError says why it cannot be. */
export function ensureLogDir(dir: string): void {
  try {
    makeDirs(dir);
  } catch (error) {
    throw asLogDirError(dir, error);
  }
}

export function logFile(dir: string, run: string): string {
  return join(dir, `${run}.jsonl`);
}

export class LogWriter {
  private constructor(
    readonly file: string,
    readonly run: string,
    private fd: number,
    private state: ChainState,
    /** A new log is written under this hidden name until its first line is on disk. */
    private staging?: string,
  ) {}

  private anchor: LogAnchor | undefined;

  /** Sign and anchor what is written from now on. */
  anchorWith(anchor: LogAnchor): void {
    this.anchor = anchor;
  }

  /** The line for `body` at the head, with its signature when the anchor signs it. */
  private seal(body: EventBody): { line: string; state: ChainState } {
    const plain = seal(body, this.state, sha256);
    if (!this.anchor?.signs(body.type)) return plain;
    const signature = this.anchor.signature(this.run, plain.state.seq, sha256(plain.line));
    return seal({ ...body, signature } as EventBody, this.state, sha256);
  }

  /**
   * A new log; fails if the run exists. The directory is private to the user. The file gets
   * its name only once its first event is on disk, so a crash never leaves an empty log.
   */
  static create(dir: string, run: string): LogWriter {
    ensureLogDir(dir);
    const file = logFile(dir, run);
    if (existsSync(file)) throw new Error(`run log ${file} exists already`);
    const staging = join(dir, `.${run}.jsonl.new`);
    let fd: number;
    try {
      fd = openSync(staging, 'w', 0o600);
    } catch (error) {
      throw asLogDirError(dir, error);
    }
    return new LogWriter(file, run, fd, { seq: 0, prev: GENESIS }, staging);
  }

  /** Continue a log after its last complete line; a torn tail (`validBytes` < size) is cut off. */
  static resume(file: string, run: string, validBytes: number, state: ChainState): LogWriter {
    const fd = openSync(file, 'r+');
    ftruncateSync(fd, validBytes);
    fsyncSync(fd);
    closeSync(fd);
    return new LogWriter(file, run, openSync(file, 'a'), state);
  }

  /**
   * Write one event and fsync it; returns the event as written. With `sync: false` the line
   * is written (a kill -9 of this process cannot lose it) but fsync'd only by `sync()` or the
   * next synced append.
   */
  append(body: EventBody, { sync = true }: { sync?: boolean } = {}): RunEvent {
    const { line, state } = this.seal(body);
    const bytes = Buffer.from(`${line}\n`, 'utf8');
    if (this.staging) this.writeFirst(bytes, this.staging);
    else {
      let offset = 0;
      while (offset < bytes.length) offset += writeSync(this.fd, bytes, offset);
      if (sync) fsyncSync(this.fd);
    }
    this.state = state;
    const event = JSON.parse(line) as RunEvent;
    this.anchor?.after(event, state, this.file, (next) => this.append(next));
    return event;
  }

  /** The first line, into the hidden file that then takes the log's name; if it cannot be written, that file is removed. */
  private writeFirst(bytes: Buffer, staging: string): void {
    try {
      let offset = 0;
      while (offset < bytes.length) offset += writeSync(this.fd, bytes, offset);
      fsyncSync(this.fd);
      renameSync(staging, this.file);
    } catch (error) {
      rmSync(staging, { force: true });
      throw error;
    }
    fsyncDir(dirname(this.file));
    this.staging = undefined;
  }

  /** fsync what was written with `sync: false`. */
  sync(): void {
    fsyncSync(this.fd);
  }

  close(): void {
    closeSync(this.fd);
  }
}

function fsyncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    fsyncSync(fd);
    closeSync(fd);
  } catch {
    // Some file systems cannot fsync a directory; the file's own fsync still holds.
  }
}
