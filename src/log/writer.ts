// Append-only run log: one JSON line per event, chained by hash, each written and fsync'd
// before the runner goes on, so `kill -9` at any moment loses at most a torn last line.
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, ftruncateSync, mkdirSync, openSync, renameSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { GENESIS, seal, type ChainState, type EventBody } from './chain.ts';
import type { RunEvent } from './events.ts';

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** A sortable run id: UTC time to the second and six random hex digits. */
export function newRunId(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `${stamp}-${randomBytes(3).toString('hex')}`;
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

  /**
   * A new log; fails if the run exists. The directory is private to the user. The file gets
   * its name only once its first event is on disk, so a crash never leaves an empty log.
   */
  static create(dir: string, run: string): LogWriter {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const file = logFile(dir, run);
    if (existsSync(file)) throw new Error(`run log ${file} exists already`);
    const staging = join(dir, `.${run}.jsonl.new`);
    const fd = openSync(staging, 'w', 0o600);
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

  /** Write one event and fsync it; returns the event as written. */
  append(body: EventBody): RunEvent {
    const { line, state } = seal(body, this.state, sha256);
    const bytes = Buffer.from(`${line}\n`, 'utf8');
    let offset = 0;
    while (offset < bytes.length) offset += writeSync(this.fd, bytes, offset);
    fsyncSync(this.fd);
    if (this.staging) {
      renameSync(this.staging, this.file);
      fsyncDir(dirname(this.file));
      this.staging = undefined;
    }
    this.state = state;
    return JSON.parse(line) as RunEvent;
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
